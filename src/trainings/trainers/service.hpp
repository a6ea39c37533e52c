// Trainer profiles (/formations/formateurs): expertise, years of practice, CV (PDF), dated entries of
// keeping skills up to date (Qualiopi indicators 21-22); shown on programme pages with the trainer's consent.
// docs/trainings/trainers.md.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/trainers/model.hpp"
#include "trainings/trainers/repository.hpp"

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

namespace trame::trainers {

struct ProfilePage {
  std::vector<Profile> items;
  long long total = 0;
  int page = 1, pages = 1;
  long long stale = 0;         // of all listed trainers: no skills entry in 12 months
  long long with_entries = 0;  // of all listed trainers: at least one entry in 12 months (indicators 21-22)
};

// One profile as a reader sees it.
struct ProfileView {
  Profile profile;
  std::vector<SkillEntry> skills;
  bool own = false, manager = false;  // the trainer themself; a manager of an organisation where they teach
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  static constexpr int kPerPage = 20;

  // My own profile (trainings.teach), an empty one when none was saved.
  ProfileView mine(const Principal& me);
  Outcome save_profile(const Actor& actor, const Principal& me, const ProfileInput& in);
  // The CV: a PDF (by its bytes), at most 5 MB; replaces the previous one.
  Outcome upload_cv(const Actor& actor, const Principal& me, const std::string& file_name, const std::string& bytes);
  Outcome remove_cv(const Actor& actor, const Principal& me);
  Outcome add_skill(const Actor& actor, const Principal& me, const SkillInput& in);
  Outcome remove_skill(const Actor& actor, const Principal& me, long long entry_id);

  // A profile (nullptr: anonymous). not_found when the user has no profile or may not be seen by `me`:
  // the trainer, managers of an organisation where they teach (admins), anyone when they consented.
  Outcome view(const Principal* me, long long user_id, ProfileView& out);
  // The CV's bytes, with the same rule.
  Outcome cv(const Principal* me, long long user_id, std::string& name, std::string& bytes);
  // Managers: the trainers of the sessions of the organisations they manage (and whoever has a profile,
  // for admins), with their last skills entry.
  ProfilePage list(const Principal& me, int page);

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders, statuses by the clock…); returns how many things it did.
  long long run_due(long long now);

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

// The trainers of a programme's sessions (not cancelled) who consented to be shown publicly, by name.
std::vector<PublicProfile> public_profiles_for_programme(soci::session& sql, long long programme_id);
// Whether `me` manages an organisation where `user_id` teaches (a session of one of its programmes).
bool manages_trainer(soci::session& sql, const Principal& me, long long user_id);

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::trainers
