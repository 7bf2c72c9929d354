// The tags in React 19's JSX, typed from the package (generated from its custom-elements.json).
/// <reference types="patient-portal-elements/react-jsx" />
