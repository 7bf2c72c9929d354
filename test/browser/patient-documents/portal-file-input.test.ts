import {expect, fixture, html} from '@open-wc/testing';
import '../../../src/define/portal-file-input.js';
import type {PortalFileInput} from '../../../src/elements/patient-documents/portal-file-input.js';
import {expectAccessible} from '../helpers/a11y.js';
import {deepActive, until} from '../helpers/dom.js';

const file = (name: string, text = 'x') => new File([text], name);

async function pick(field: PortalFileInput, files: File[]) {
  const input = field.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  const checked = new Promise((resolve) => field.addEventListener('change', resolve, {once: true}));
  input.dispatchEvent(new Event('change'));
  await checked;
  await field.updateComplete;
}

describe('<portal-file-input>', () => {
  it('is a form control: labelled, required, submitted, reset, disabled by its fieldset', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <fieldset>
          <label for="f">Photos</label>
          <portal-file-input id="f" name="photos" multiple required hint="PNG only"></portal-file-input>
        </fieldset>
      </form>`,
    );
    const field = form.querySelector('portal-file-input')!;
    field.check = (f) => (f.name.endsWith('.png') ? undefined : `${f.name} is not a PNG`);
    await field.updateComplete;
    await until(
      () =>
        field.shadowRoot!.querySelector('button.choose')?.getAttribute('aria-label') ===
        'Photos: Choose files',
      'named after its label',
    );
    expect(field.labels.length).to.equal(1);
    expect(field.form).to.equal(form);
    // Required and empty: invalid, with a message.
    expect(form.checkValidity()).to.equal(false);
    expect(field.validity.valueMissing).to.equal(true);
    expect(field.validationMessage).to.equal('Choose at least one file.');
    // The label focuses the field's button.
    form.querySelector('label')!.click();
    expect(deepActive()?.classList.contains('choose')).to.equal(true);
    await pick(field, [file('a.png'), file('b.txt'), file('c.png')]);
    expect(field.value.map((f) => f.name)).to.deep.equal(['a.png', 'c.png']);
    expect(field.shadowRoot!.textContent).to.contain('b.txt is not a PNG');
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).getAll('photos').map((f) => (f as File).name)).to.deep.equal([
      'a.png',
      'c.png',
    ]);
    await expectAccessible(field, 'chosen');
    // Remove one by its labelled button; focus back on "Choose files".
    field.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Remove a.png"]')!.click();
    await field.updateComplete;
    expect(field.value.map((f) => f.name)).to.deep.equal(['c.png']);
    expect(deepActive()?.classList.contains('choose')).to.equal(true);
    // Adding more keeps the ones chosen before.
    await pick(field, [file('d.png')]);
    expect(field.value.map((f) => f.name)).to.deep.equal(['c.png', 'd.png']);
    form.reset();
    await field.updateComplete;
    expect(field.value.length).to.equal(0);
    expect(new FormData(form).getAll('photos').length).to.equal(0);
    expect(field.validity.valueMissing).to.equal(true);
    form.querySelector('fieldset')!.disabled = true;
    await field.updateComplete;
    expect(field.shadowRoot!.querySelector<HTMLButtonElement>('button.choose')!.disabled).to.equal(true);
  });

  it('takes dropped files (only the first without multiple) and ignores them when disabled', async () => {
    const field = await fixture<PortalFileInput>(html`<portal-file-input name="one"></portal-file-input>`);
    const zone = field.shadowRoot!.querySelector('.zone')!;
    const drop = (names: string[]) => {
      const dt = new DataTransfer();
      for (const n of names) dt.items.add(file(n));
      zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    };
    drop(['first.pdf', 'second.pdf']);
    await until(() => field.value.length === 1, 'dropped');
    expect(field.value[0].name).to.equal('first.pdf');
    expect(field.shadowRoot!.querySelector('button.choose')!.textContent?.trim()).to.equal('Choose a file');
    field.disabled = true;
    await field.updateComplete;
    field.clear();
    drop(['third.pdf']);
    await new Promise((r) => setTimeout(r, 50));
    expect(field.value.length).to.equal(0);
    await expectAccessible(field, 'disabled');
  });
});
