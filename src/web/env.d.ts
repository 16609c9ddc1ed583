// Tells plain TypeScript tools (ESLint's type checker) what a .vue import is; vue-tsc reads the real files.
declare module '*.vue' {
  import type { Component } from 'vue';
  const component: Component;
  export default component;
}
