import type {Preview} from '@storybook/web-components-vite';
import {setCustomElementsManifest} from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/define.js';
import {setPageLocale} from '../src/localization/localization.js';
import {ElementDocsPage} from './element-docs.js';

setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    docs: {
      page: ElementDocsPage,
      // Each live story in its own frame: stories set the page's address, language and clocks.
      story: {inline: false, iframeHeight: 460},
      toc: {headingSelector: 'h2, h3', title: 'On this page'},
    },
    a11y: {
      test: 'error',
      options: {
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
        },
        rules: {'target-size': {enabled: true}},
      },
    },
  },
  globalTypes: {
    locale: {
      description: 'Language of the elements',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          {value: 'en-US', title: 'English (US)'},
          {value: 'es-MX', title: 'Español (México)'},
          {value: 'es-ES', title: 'Español (España)'},
          {value: 'en-CA', title: 'English (Canada)'},
        ],
        dynamicTitle: true,
      },
    },
    scheme: {
      description: 'Colour scheme',
      toolbar: {title: 'Scheme', icon: 'contrast', items: ['light', 'dark'], dynamicTitle: true},
    },
  },
  initialGlobals: {locale: 'en-US', scheme: 'light'},
  decorators: [
    (story, context) => {
      const locale = (context.globals['locale'] as string | undefined) ?? 'en-US';
      // What a host page does: the elements follow <html lang>.
      document.documentElement.lang = locale;
      void setPageLocale(locale);
      const dark = context.globals['scheme'] === 'dark';
      // What a host page does for a dark theme: its own background, and color-scheme on the elements.
      document.body.classList.toggle('portal-dark', dark);
      requestAnimationFrame(() => {
        for (const el of document.querySelectorAll('#storybook-root *')) {
          if (el.localName.includes('-') && el.localName !== 'portal-announcer') {
            if (dark) el.setAttribute('color-scheme', 'dark');
            else if (!el.hasAttribute('data-keep-scheme')) el.removeAttribute('color-scheme');
          }
        }
      });
      return story();
    },
  ],
};
export default preview;
