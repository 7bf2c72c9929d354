/**
 * Script-injection payloads for QUALITY 8: each one, if it ever reached the DOM as markup or as a
 * URL, would set `window.__pwned`. Tests put them in every input and in every text that comes from
 * the backend, then check that nothing ran and that the text shows verbatim.
 */
const RUN = 'window.__pwned=1';

const vectors = [
  `<script>${RUN}</script>`,
  `<img src=x onerror="${RUN}">`,
  `<img src=x onerror=${RUN}>`,
  `<svg onload="${RUN}">`,
  `<svg><script>${RUN}</script></svg>`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `<iframe srcdoc="<script>parent.${RUN}</script>"></iframe>`,
  `<body onload="${RUN}">`,
  `<details open ontoggle="${RUN}">`,
  `<video><source onerror="${RUN}"></video>`,
  `<audio src=x onerror="${RUN}">`,
  `<input autofocus onfocus="${RUN}">`,
  `<select autofocus onfocus="${RUN}"></select>`,
  `<textarea autofocus onfocus="${RUN}"></textarea>`,
  `<marquee onstart="${RUN}">`,
  `<object data="javascript:${RUN}"></object>`,
  `<embed src="javascript:${RUN}">`,
  `<a href="javascript:${RUN}">x</a>`,
  `<form action="javascript:${RUN}"><button>x</button></form>`,
  `<math><mtext><script>${RUN}</script></mtext></math>`,
  `<style>@import 'javascript:${RUN}';</style>`,
  `<link rel=import href="data:text/html,<script>${RUN}</script>">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `<base href="javascript:${RUN}//">`,
  `<template><script>${RUN}</script></template>`,
  `<noscript><p title="</noscript><img src=x onerror=${RUN}>">`,
  // eslint-disable-next-line no-restricted-syntax -- a payload to neutralise, not markup we render
  `<div style="background:url(javascript:${RUN})">`,
  `<x contenteditable onblur="${RUN}">`,
  `<img src="x" onerror="&#119;indow.__pwned=1">`,
  `<ScRiPt>${RUN}</ScRiPt>`,
  `<scr<script>ipt>${RUN}</scr</script>ipt>`,
  `"><script>${RUN}</script>`,
  `'><img src=x onerror=${RUN}>`,
  `</title><script>${RUN}</script>`,
  `</textarea><script>${RUN}</script>`,
  `--><script>${RUN}</script><!--`,
  `<!--<img src="--><img src=x onerror=${RUN}//">`,
  `javascript:${RUN}`,
  `JaVaScRiPt:${RUN}`,
  `data:text/html,<script>${RUN}</script>`,
  `\${${RUN}}`,
  `{{constructor.constructor('${RUN}')()}}`,
  `<%= ${RUN} %>`,
  `\u003cscript\u003e${RUN}\u003c/script\u003e`,
  `%3Cscript%3E${RUN}%3C/script%3E`,
  `&lt;script&gt;${RUN}&lt;/script&gt;`,
  `<svg><animate onbegin="${RUN}" attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:${RUN}"><text x=0 y=20>x</text></a></svg>`,
  `<img srcset="x" onerror="${RUN}">`,
  `<picture><source srcset=x><img onerror="${RUN}"></picture>`,
  `<table background="javascript:${RUN}">`,
  `<isindex type=image src=1 onerror=${RUN}>`,
  `<keygen autofocus onfocus=${RUN}>`,
  `\u202e<img src=x onerror=${RUN}>`,
  `María José Ñúñez-O'Connor <img src=x onerror=${RUN}>`,
];

export const XSS_PAYLOADS: readonly string[] = vectors;

/** Whether any payload ran. */
export function pwned(): boolean {
  return (window as {__pwned?: unknown}).__pwned !== undefined;
}

/** Elements a payload could have injected (tags none of our templates render). */
export const INJECTED_SELECTOR =
  'script, img, iframe, object, embed, video, audio, source, marquee, math, style, link, meta, base, template, noscript, body, form[action], x, keygen, isindex, table, picture, details, [onerror], [onload], [onfocus], [onstart], [ontoggle], [onbegin], [onblur]';
