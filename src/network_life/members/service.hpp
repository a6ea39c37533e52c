// Members (/adherents): yearly membership of relais and partners (applied, member, lapsed), renewal
// reminders, optional fee recorded, charter signature reused from partnerships.
// (Skeleton wired by the lead; the module's helper writes the rest.)
#pragma once
#include <string>
#include <vector>

#include "network/organisations/service.hpp"
#include "network/partnerships/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::members {

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

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations, partnerships::Service& partnerships)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations),
        partnerships_(partnerships) {}

  // The organisations with status member for the year (the general assembly's voters).
  std::vector<MemberOrganisation> members_of(long long year);
  // Whether the organisation is a member for the year.
  bool is_member(long long organisation_id, long long year);
  // The contacts of this year's members (newsletters' segment "members", assembly notices).
  std::vector<Contact> member_contacts(long long year);

  // This module's part of the seed's demo (seed 004, 2023–2024); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders…); returns how many things it did.
  long long run_due(long long now);

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  organisations::Service& organisations_;
  partnerships::Service& partnerships_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::members
