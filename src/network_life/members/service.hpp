// Members (/adherents; model.hpp, docs/network_life/members.md): yearly membership of relais and partners in
// the network of an organiser (applied → member or refused; member → lapsed at the end of the year unless
// renewed), the designated contact, the fee recorded (no payment processing), the charter signature read from
// partnerships, renewal reminders by e-mail from the reminder day of December (run_due, once per membership).
// Who manages a network: may_manage(me, organiser_id). Who acts for a member organisation: its staff
// (model.hpp staff_roles). A membership neither may see answers like a missing id (404).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "network/organisations/service.hpp"
#include "network/partnerships/service.hpp"
#include "network_life/members/model.hpp"
#include "network_life/members/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::members {

inline constexpr const char* kReminderDayKey = "network_life.members_reminder_day";
inline constexpr long long kDefaultReminderDay = 1;

// A contact of a member organisation (for notices and newsletters).
struct Contact {
  long long user_id = 0;
  long long organisation_id = 0;
  std::string organisation_name, email, name;
};
// An organisation that is a member for a year.
struct MemberOrganisation {
  long long organisation_id = 0;
  std::string name;
};

struct ListPage {
  std::vector<Membership> items;
  long long total = 0;
  int page = 1, pages = 1;
};

// What a membership's page shows to one person.
struct MembershipView {
  Membership membership;
  bool manages = false;  // may decide, record the fee
  bool staff = false;    // staff of the member organisation
  bool may_renew = false;
  std::string charter_signed_on;
  std::vector<Person> staff_choices;  // who may be the contact
  std::optional<Membership> next;     // the following year's membership, when there is one
};

// What the member organisation's page « Notre adhésion » shows.
struct OwnView {
  OrganisationRef organisation;
  std::string charter_signed_on;
  std::vector<Membership> memberships;
  std::vector<long long> renewable;  // ids of memberships that may be renewed now
};

// A manager's or a member's form, as typed.
struct ApplyInput {
  std::string organiser, organisation, year, contact, note;
};
struct FeeInput {
  std::string amount, date, means;
};

class Service {
 public:
  static constexpr int kPerPage = 25;
  static constexpr std::size_t kMaxReason = 2000;
  static constexpr std::size_t kMaxNote = 2000;
  static constexpr long long kMaxFeeCents = 100000000;  // 1 000 000 €

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations, partnerships::Service& partnerships)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations),
        partnerships_(partnerships) {}

  // The organisations with status member for the year (the general assembly's voters). A membership that
  // lapsed after its year ended still counts for that year (the organisation was a member all year).
  std::vector<MemberOrganisation> members_of(long long year);
  // Whether the organisation is a member for the year (member, or lapsed after that year).
  bool is_member(long long organisation_id, long long year);
  // The contacts of this year's members (newsletters' segment "members", assembly notices): the designated
  // contact of each membership, or, when none is designated, every staff member of the organisation. Each
  // (user, organisation) once, disabled accounts left out.
  std::vector<Contact> member_contacts(long long year);

  // ---- Rules
  // Whether this person manages the organiser's network (administrator, or network_life.manage there).
  static bool may_manage(const Principal& me, long long organiser_id);
  // The organisations this person acts for as staff (they may apply and renew for them).
  std::vector<OrganisationRef> own_organisations(const Principal& me);
  // The networks an organisation may apply to: the organisers that already have members, and the carrying
  // side of the organisation's partnerships.
  std::vector<OrganisationRef> networks_for(long long organisation_id);
  // The organisers this person manages (their list's and form's choices).
  std::vector<OrganisationRef> managed_organisers(const Principal& me);
  std::vector<OrganisationRef> organisations();
  long long reminder_day();

  // ---- Pages
  std::optional<ListPage> list(const Principal& me, const Filter& f, int page);
  // A slice of the filtered list (the CSV export, streamed slice by slice).
  std::vector<Membership> rows(const Principal& me, const Filter& f, long long offset, long long limit);
  std::optional<MembershipView> view(const Principal& me, long long id);
  std::optional<OwnView> own(const Principal& me, long long organisation_id);
  // Managers' dashboard: applications awaiting a decision, renewals due (memberships renewable now).
  long long awaiting_count(const Principal& me);
  long long renewals_due_count(const Principal& me);
  // Members' dashboard: this person's organisations' memberships renewable now.
  long long own_renewals_count(const Principal& me);

  // ---- Changes
  // Staff of the organisation apply (status applied); a manager records (status applied, or member when
  // `as_member`). Refused: unknown network or organisation, a year outside current-1..current+1, a second
  // membership for the same network, organisation and year (409), a contact who is not staff.
  Outcome apply(const Actor& actor, const Principal& me, const ApplyInput& in, bool by_manager, bool as_member);
  // Manager: accept (member) or refuse with a reason; only an application.
  Outcome decide(const Actor& actor, const Principal& me, long long id, const std::string& decision,
                 const std::string& reason);
  // Manager: the fee (amount ≥ 0 in euros, day not in the future, means); exonere records 0.
  Outcome record_fee(const Actor& actor, const Principal& me, long long id, const FeeInput& in);
  // Manager or staff of the member organisation: the contact (a staff member, or 0: none).
  Outcome set_contact(const Actor& actor, const Principal& me, long long id, const std::string& contact);
  // Manager or staff: renews a member (or lapsed) membership for the next year, as member, same contact.
  Outcome renew(const Actor& actor, const Principal& me, long long id);

  // This module's part of the seed's demo (seed 004, 2023–2024); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work: lapses last years' members not renewed, sends the renewal reminders once; returns how
  // many things it did.
  long long run_due(long long now);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  std::vector<OrganisationRef> networks_in(soci::session& sql, long long organisation_id);
  std::vector<Contact> contacts_of(soci::session& sql, const Membership& m);
  bool december_open(soci::session& sql, long long now);
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  organisations::Service& organisations_;
  partnerships::Service& partnerships_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::members
