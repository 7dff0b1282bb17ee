import type { ComponentChildren } from 'preact';

interface PanelMessageProps {
  title: string;
  children?: ComponentChildren;
  tone?: 'neutral' | 'warning';
  /** One button that resolves the situation, if there is one. */
  action?: { label: string; onClick: () => void };
}

/** A designed empty or error state: a heading, a sentence, at most one way forward. */
export function PanelMessage({ title, children, tone = 'neutral', action }: PanelMessageProps) {
  return (
    <div class={`kc-message kc-message--${tone}`} role={tone === 'warning' ? 'alert' : 'status'}>
      <p class="kc-message-title">{title}</p>
      {children ? <p class="kc-message-text">{children}</p> : null}
      {action ? (
        <button type="button" class="kc-button kc-button--primary" onClick={action.onClick}>
          {action.label}
        </button>
      ) : null}
    </div>
  );
}
