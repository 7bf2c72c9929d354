import type {Preview} from '@storybook/web-components-vite';
import {setCustomElementsManifest} from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/define.js';
import {setPageLocale} from '../src/localization/localization.js';

setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
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
      void setPageLocale(locale);
      document.documentElement.dataset['portalScheme'] = (context.globals['scheme'] as string) ?? 'light';
      return story();
    },
  ],
};
export default preview;
