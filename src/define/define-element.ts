/**
 * Defines a tag unless it is already defined. If another class holds the tag (two versions of the
 * library on one page), warns once instead of failing silently.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, ctor);
  } else if (existing !== ctor) {
    console.warn(
      `patient-portal-elements: <${tag}> is already defined by another class (two copies of the library on this page?); keeping the first.`,
    );
  }
}
