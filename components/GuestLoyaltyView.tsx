import type { PanelModel } from '@/lib/models/panel-model';
import { AdjustForm } from './AdjustForm';
import { EnrollControl } from './EnrollControl';
import { MembershipCard } from './MembershipCard';

/** The ready state: the guest's memberships, or the way to enroll them. */
export function GuestLoyaltyView({ model }: { model: PanelModel }) {
  const loyalty = model.loyalty.value;
  if (!loyalty) return null;
  const views = model.memberships.value;
  const adjustingId = model.form.membershipId.value;

  if (views.length === 0) {
    return (
      <EnrollControl
        programs={model.joinablePrograms.value}
        busy={model.enrolling.value}
        error={model.enrollError.value}
        onEnroll={(programId) => void model.enroll(programId)}
      />
    );
  }
  return (
    <div class="kc-memberships">
      {views.map((view) => (
        <MembershipCard
          key={view.membership.id}
          view={view}
          asOf={loyalty.asOf}
          timeZone={model.timeZone.value}
          locale={model.locale}
          adjusting={adjustingId === view.membership.id}
          onAdjust={() => model.openAdjust(view.membership.id)}
        >
          <AdjustForm
            form={model.form}
            locale={model.locale}
            onApply={model.apply}
            onCancel={model.closeAdjust}
            onBack={model.cancelConfirmation}
          />
        </MembershipCard>
      ))}
    </div>
  );
}
