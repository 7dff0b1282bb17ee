import type { Ref } from 'preact';

/** The input attributes the forms set besides value and label. */
interface InputProps {
  inputMode?: 'numeric' | 'decimal';
  placeholder?: string;
  readOnly?: boolean;
  title?: string;
}

/**
 * A labelled text input of the manager forms, with its problem under it: marked
 * `aria-invalid` and tied by `aria-describedby`, so a screen reader reads the problem with
 * the field.
 */
export function TextField({ id, label, value, error, onValue, inputRef, ...props }: InputProps & {
  id: string;
  label: string;
  value: string;
  error?: string;
  onValue: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <div class="kc-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        autoComplete="off"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(event) => onValue(event.currentTarget.value)}
        {...props}
      />
      {error ? <p id={`${id}-error`} class="kc-field-error">{error}</p> : null}
    </div>
  );
}

/** A labelled select of the manager forms; `options` are [value, text] pairs. */
export function SelectField({ id, label, value, options, onValue }: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onValue: (value: string) => void;
}) {
  return (
    <div class="kc-field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onValue(event.currentTarget.value)}>
        {options.map(([option, text]) => <option key={option} value={option}>{text}</option>)}
      </select>
    </div>
  );
}
