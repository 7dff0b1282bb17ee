import { useLayoutEffect, useRef } from 'preact/hooks';
import { deskShortcut } from '@/lib/host/desk-shortcuts';
import type { PanelModel } from '@/lib/models/panel-model';
import { useFocusRescue } from '../shared/focus-rescue';
import { DeskKeys } from './DeskKeys';
import { PanelTab } from './PanelTab';
import { PanelContent } from './PanelContent';
import { t } from '@/lib/i18n';

/**
 * Where the keyboard lands when the panel opens, folds or is called by its shortcut: the control
 * that folds and opens it (Collapse, or the folded tab), whatever other buttons its header has.
 */
function homeControl(aside: HTMLElement | null | undefined): HTMLButtonElement | null {
  return aside?.querySelector<HTMLButtonElement>('button[aria-expanded]') ?? aside?.querySelector<HTMLButtonElement>('button') ?? null;
}

/**
 * The Keycard panel beside Mews Operations: a narrow card docked to the right edge, folding
 * to a small tab. Renders only; all data and actions come from its model.
 */
export function Panel({ model }: { model: PanelModel }) {
  const collapsed = model.collapsed.value;
  const side = model.side.value;
  const status = model.status.value;
  const asideRef = useRef<HTMLElement>(null);
  /** Set when the desk folded or opened the panel, so focus follows to the visible control. */
  const moveFocus = useRef(false);
  // Undo, Enroll and finished notices remove the button just pressed: keep the keyboard in the panel.
  useFocusRescue(asideRef);

  useLayoutEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    homeControl(asideRef.current)?.focus();
  }, [collapsed]);

  // A desk shortcut: the cursor goes to Points for "adjust" (when the form is open), else to the panel's first control.
  const request = model.focusRequest.value;
  useLayoutEffect(() => {
    if (!request) return;
    const aside = asideRef.current;
    const points = request.shortcut === 'adjust' ? aside?.querySelector<HTMLInputElement>('.kc-adjust input') : null;
    (points ?? homeControl(aside))?.focus();
  }, [request]);

  const toggle = (open: boolean) => {
    moveFocus.current = true;
    if (open) model.expand();
    else model.collapse();
  };
  // Escape steps back one level: an open adjust form is cancelled first (focus returns to its
  // Adjust points button), and only a second Escape folds the panel.
  const onKeyDown = (event: KeyboardEvent) => {
    const shortcut = deskShortcut(event);
    if (shortcut) {
      event.preventDefault();
      model.shortcut(shortcut);
      return;
    }
    if (event.key !== 'Escape' || collapsed) return;
    event.stopPropagation();
    if (model.form.membershipId.value !== null) model.closeAdjust();
    else toggle(false);
  };

  return (
    <aside
      ref={asideRef}
      class={collapsed ? 'keycard is-collapsed' : 'keycard'}
      aria-label={t('panel.label')}
      data-status={status}
      data-side={side}
      hidden={!model.foldKnown.value}
      onKeyDown={onKeyDown}
    >
      {collapsed ? (
        <>
          <PanelTab
            hint={status === 'noGuest' ? t('panel.collapsedNoGuest') : t('panel.open')}
            onExpand={() => toggle(true)}
          />
          {/* A Mews page Keycard does not recognise still leads somewhere: the quick search. */}
          {status === 'noGuest' ? (
            <button type="button" class="kc-tab kc-tab--find" title={t('panel.findGuestHint')} onClick={model.findGuest}>
              {t('panel.findGuest')}
            </button>
          ) : null}
        </>
      ) : (
        <>
          <header class="kc-header">
            <div class="kc-heading">
              <h2 class="kc-title">Keycard</h2>
              {model.guestName.value ? (
                <p class="kc-guest" title={model.guestName.value}>
                  {model.guestName.value}
                </p>
              ) : status === 'error' && (!model.error.value || model.error.value.kind === 'unreachable') ? (
                // A guest this desk never opened, with the server away: no name to show, and says why.
                <p class="kc-guest kc-guest--unknown" data-field="guest-unknown">
                  {t('panel.notSavedHere')}
                </p>
              ) : null}
            </div>
            <div class="kc-header-buttons">
              {/* The desk's own way out when the panel sits over something it needs (issue 18 #5). */}
              <button
                type="button"
                class="kc-icon-button"
                aria-label={side === 'left' ? t('panel.moveRight') : t('panel.moveLeft')}
                title={side === 'left' ? t('panel.moveRight') : t('panel.moveLeft')}
                onClick={model.moveToOtherSide}
              >
                <span aria-hidden="true">{side === 'left' ? '⇥' : '⇤'}</span>
              </button>
              <button
                type="button"
                class="kc-icon-button"
                aria-label={t('panel.collapse')}
                aria-expanded="true"
                title={t('panel.collapseHint')}
                onClick={() => toggle(false)}
              >
                <span aria-hidden="true">{side === 'left' ? '‹' : '›'}</span>
              </button>
            </div>
          </header>
          <div class="kc-body">
            <PanelContent model={model} />
          </div>
          <DeskKeys />
        </>
      )}
    </aside>
  );
}
