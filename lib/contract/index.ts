/**
 * The one contract between the extension and the proxy: every v1 wire shape as a valibot
 * schema, its type inferred from it, and the vocabulary both sides share. The only part of
 * `lib/` the server imports. In extension code import types from here (`import type`) and
 * the word lists from `./vocabulary`, so views do not pull the schemas into their bundles.
 */
export * from './vocabulary';
export * from './loyalty';
export * from './desk';
export * from './guest-pages';
export * from './requests';
export * from './manager-requests';
export * from './earning';
export * from './partner';
