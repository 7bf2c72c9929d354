// The tags in Vue templates, typed from the package (generated from its custom-elements.json).
/// <reference types="patient-portal-elements/vue" />
