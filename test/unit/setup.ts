import 'fake-indexeddb/auto';
// Every language's words, as the background has them (pages load theirs: lib/i18n/load.ts, its own test).
import '@/lib/i18n/all';
import { cleanup } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

/**
 * fakeBrowser hands every listener an empty sender; a real browser names the page that sent
 * the message, and the background's router answers only Keycard's own pages. Unit tests send
 * as the options page would; tests of the sender rule call the listener with senders of their own.
 */
fakeBrowser.runtime.sendMessage = (async (message: unknown) => {
  if (!fakeBrowser.runtime.onMessage.hasListeners()) throw new Error('No listeners available');
  const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
  let respond!: (reply: unknown) => void;
  const reply = new Promise((resolve) => (respond = resolve));
  const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender, respond);
  return answers.some((answer) => (answer as unknown) === true) ? reply : undefined;
}) as typeof fakeBrowser.runtime.sendMessage;
