import type {TemplateResult} from 'lit';

/** `@lit-labs/virtualizer`'s directive with its flow layout bound: renders only the rows in view. */
export type VirtualizeFn<T> = (config: {
  items: readonly T[];
  renderItem: (item: T) => TemplateResult;
  keyFunction: (item: T) => string;
}) => unknown;

let loading: Promise<(config: object) => unknown> | undefined;

/**
 * Loads the virtualizer and its flow layout together (one round trip, not two), once per page; a
 * failure is forgotten, so the next long list tries again (its element meanwhile shows the first
 * rows only). `<appointment-list>` has its own copy of these lines: it sits on the all-six page,
 * whose size budget has no room for the shared chunk's import.
 */
export function loadVirtualizer<T>(): Promise<VirtualizeFn<T>> {
  loading ??= Promise.all([
    import('@lit-labs/virtualizer/virtualize.js'),
    import('@lit-labs/virtualizer/layouts/flow.js'),
  ]).then(
    ([v, f]) => {
      const layout = f.flow();
      const virtualize = v.virtualize as unknown as (c: object) => unknown;
      return (config: object) => virtualize({...config, layout});
    },
    (cause: unknown) => {
      loading = undefined;
      throw cause;
    },
  );
  return loading as Promise<unknown> as Promise<VirtualizeFn<T>>;
}
