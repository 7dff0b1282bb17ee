import { defineWebExtConfig } from 'wxt';

// `wxt dev` would otherwise try to launch a browser; we load the build ourselves.
export default defineWebExtConfig({ disabled: true });
