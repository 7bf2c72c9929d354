/**
 * The password scorer every backend uses (issue 14 item 10): zxcvbn-ts with its common-password
 * list and English and Spanish dictionaries. Heavy (about 1 MB of word lists), so it is loaded on
 * first use — by the reference server when a password is first chosen, by the demo backend in its
 * own lazy chunk — and built once per process or page.
 */
import type {PasswordScorer} from './passwords.js';

let scorer: Promise<PasswordScorer> | undefined;

export function loadPasswordScorer(): Promise<PasswordScorer> {
  scorer ??= (async () => {
    const [{ZxcvbnFactory}, common, en, es] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-es-es'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      dictionary: {...common.dictionary, ...en.dictionary, ...es.dictionary},
      graphs: common.adjacencyGraphs,
    });
    return (password, words) => zxcvbn.check(password, [...words]).score;
  })();
  scorer.catch(() => (scorer = undefined));
  return scorer;
}
