// The alumni space of a programme: former trainees of every session join it; threads and files as
// in the group space.
// Who: a person whose application to a session of the programme is completed may join (a choice, a
// button) and leave; members, the organiser's managers and the programme's trainers read and write
// threads, replies and shared files; the managers moderate (remove a message). Every check is here
// (not_found: no such programme or thread, or not visible; denied: visible but not allowed).
// The threads use training_space's repository and checks with SpaceKind::alumni (migration 0056).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"
#include "trainings/alumni/model.hpp"
#include "trainings/alumni/repository.hpp"
#include "trainings/training_space/model.hpp"
#include "trainings/training_space/repository.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::alumni {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // What `me` is to the programme's alumni space (nullopt: no such programme).
  std::optional<Access> access(const Principal& me, long long programme_id);
  long long members(long long programme_id);
  bool mail_on(const Access& a, long long user_id);

  Outcome join(const Actor& actor, const Principal& me, long long programme_id);
  Outcome leave(const Actor& actor, const Principal& me, long long programme_id);
  // Turns the space's e-mails off or back on; Outcome::id is 1 when now off.
  Outcome toggle_mail(const Actor& actor, const Principal& me, long long programme_id);

  std::vector<training_space::Thread> threads(long long programme_id, long long page, long long& total);
  std::optional<training_space::Thread> thread(long long id);
  std::vector<training_space::Post> posts(long long thread_id, long long page, long long& total);
  Outcome create_thread(const Actor& actor, const Principal& me, long long programme_id, const std::string& title,
                        const std::string& body, const training_space::Attachment& file);
  Outcome reply(const Actor& actor, const Principal& me, long long thread_id, const std::string& body,
                const training_space::Attachment& file);
  // A manager of the organiser removes a message (its text and file; the row stays, audited).
  Outcome remove_post(const Actor& actor, const Principal& me, long long post_id);
  // A shared file for someone who reads the space (nullopt: not found or not allowed).
  std::optional<training_space::Resource> file(const Principal& me, long long file_id);

  // This module's part of the demo (seeds 001-003, Sagiterre's open session); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders, statuses by the clock…); returns how many things it did.
  long long run_due(long long now);

 private:
  // Access for writing: not_found when the programme is missing or not visible, denied when it is
  // visible but `me` does not read the space.
  Outcome check_reader(const Principal& me, long long programme_id, Access& out);
  void notify(soci::session& sql, const Access& a, long long author_id, const training_space::Thread& t,
              const std::string& body, bool new_thread);
  long long share_file(soci::session& sql, const Actor& actor, long long programme_id,
                       const training_space::Attachment& file, const docs::UploadedFile& kept, long long now);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
  training_space::Repository space_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::alumni
