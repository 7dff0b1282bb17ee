/** A stand-in for one end of an extension port (`runtime.Port`), for the panel port's tests. */
import { PANEL_PORT, type PortSender } from '@/lib/host/panel-port';

/** One end of a port: what it was sent, and a way to deliver it a message or close it. */
export function fakePort(sender: PortSender, name = PANEL_PORT) {
  const listeners: Array<(message: unknown) => void> = [];
  const closers: Array<() => void> = [];
  const port = {
    name,
    sender,
    sent: [] as unknown[],
    closed: false,
    postMessage: (message: unknown) => void port.sent.push(message),
    disconnect: () => void (port.closed = true),
    onMessage: { addListener: (listener: (message: unknown) => void) => void listeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => void closers.push(listener) },
    deliver: (message: unknown) => listeners.forEach((listener) => listener(message)),
    close: () => closers.forEach((closer) => closer()),
  };
  return port;
}

export type FakePort = ReturnType<typeof fakePort>;
