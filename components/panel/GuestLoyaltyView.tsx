import { CLOSED_MEMBERSHIP_STATES } from '@/lib/contract/vocabulary';
import { pendingOf } from '@/lib/models/guest-view';
import type { PanelModel } from '@/lib/models/panel-model';
import { AdjustForm } from './AdjustForm';
import { EnrollControl } from './EnrollControl';
import { MembershipCard } from './MembershipCard';
import { MembershipTools } from './MembershipTools';
import { PendingWrites } from './PendingWrites';
import { StayView } from './StayView';

/** The ready state: the guest's memberships, or the way to enroll them. */
export function GuestLoyaltyView({ model }: { model: PanelModel }) {
  const loyalty = model.loyalty.value;
  if (!loyalty) return null;
  const views = model.memberships.value;
  const adjustingId = model.form.membershipId.value;
  const programs = model.context.value?.programs ?? [];
  const locale = model.locale.value;
  const manager = model.context.value?.device.role === 'manager';
  const pending = model.pending.value;
  const dismiss = (id: number) => void model.dismissPending(id);
  const integration = model.integrationNote.value;
  const offline = (
    <>
      {model.offlineNote.value ? (
        <p class="kc-offline" role="status" data-field="offline">
          {model.offlineNote.value}
        </p>
      ) : null}
      {integration ? (
        <p class="kc-offline" role="status" data-field="integration">
          {integration}
        </p>
      ) : null}
    </>
  );
  const enrollments = pendingOf(pending, null);
  const enrollmentNotes = enrollments.length ? (
    <PendingWrites writes={enrollments} programs={programs} locale={locale} onDismiss={dismiss} />
  ) : null;

  if (views.length === 0 && enrollments.some((write) => write.status === 'pending')) {
    return (
      <div class="kc-memberships">
        {offline}
        {enrollmentNotes}
      </div>
    );
  }
  if (views.length === 0) {
    return (
      <>
        {offline}
        {enrollmentNotes}
        <EnrollControl
          programs={model.joinablePrograms.value}
          busy={model.enrolling.value}
          error={model.enrollError.value}
          onEnroll={(programId) => void model.enroll(programId)}
        />
      </>
    );
  }
  // Only beside memberships: for a guest who is not a member the stay earns nothing to speak of.
  const stay = model.stay.summary.value;
  return (
    <div class="kc-memberships">
      {offline}
      {enrollmentNotes}
      {stay ? <StayView summary={stay} timeZone={model.timeZone.value} locale={locale} /> : null}
      {views.map((view) => {
        const writes = pendingOf(pending, view.membership.id);
        return (
          <MembershipCard
            key={view.membership.id}
            view={view}
            asOf={loyalty.asOf}
            timeZone={model.timeZone.value}
            locale={locale}
            adjusting={adjustingId === view.membership.id}
            onAdjust={() => model.openAdjust(view.membership.id)}
            canAdjust={manager || !CLOSED_MEMBERSHIP_STATES.includes(view.membership.state)}
            pointsPending={writes.some((write) => write.status === 'pending')}
            tools={<MembershipTools model={model} view={view} />}
            pending={
              writes.length ? (
                <PendingWrites writes={writes} programs={programs} locale={locale} onDismiss={dismiss} />
              ) : null
            }
          >
            <AdjustForm
              form={model.form}
              locale={locale}
              onApply={model.apply}
              onCancel={model.closeAdjust}
              onBack={model.cancelConfirmation}
            />
          </MembershipCard>
        );
      })}
    </div>
  );
}
