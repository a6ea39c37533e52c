// The toolbox of a session (resources by module) and its group space (threads, replies, e-mail notifications).
// Access: staff of the session (managers of the organiser, trainers) manage the toolbox; enrolled trainees
// read it; every member (staff and enrolled trainees) writes in the group space. Each change takes the
// Principal who acts and checks that access itself (not_found: no such session, thread or resource;
// denied: not staff, or not a member); routes only map the outcome.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/core/permissions.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "trainings/training_space/model.hpp"
#include "trainings/training_space/repository.hpp"
#include "trainings/programmes/access.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::training_space {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // The access of `me` to a session (nullopt: no such session).
  std::optional<programmes::SessionAccess> access(const Principal& me, long long session_id);
  // The access of `me` to a session, filled in `access` when they are staff (staff_only) or a member
  // (staff or enrolled trainee); otherwise not_found (no such session) or denied.
  Outcome check_access(const Principal& me, long long session_id, bool staff_only, programmes::SessionAccess& access);
  // The session of a resource or thread (0: unknown).
  long long session_of_resource(long long resource_id);
  long long session_of_thread(long long thread_id);

  // ---- Toolbox
  std::vector<Module> modules(long long programme_id);
  std::vector<Resource> resources(long long session_id, long long page, long long& total);
  // A resource with its bytes (deleted ones included: the caller answers 404 for them).
  std::optional<Resource> resource(long long id);
  // Staff add a file, a link or a note, classified under a module of the programme or "Général".
  Outcome add_resource(const Actor& actor, const Principal& me, long long session_id, NewResource r);
  // Staff remove a resource: the row stays (deleted = 1), with an audit entry.
  Outcome remove_resource(const Actor& actor, const Principal& me, long long resource_id);

  // ---- Group space
  std::vector<Thread> threads(long long session_id, long long page, long long& total);
  std::optional<Thread> thread(long long id);
  std::vector<Post> posts(long long thread_id, long long page, long long& total);
  // A member starts a thread (title + first message, optionally a shared file); e-mails the members.
  Outcome create_thread(const Actor& actor, const Principal& me, long long session_id, const std::string& title,
                        const std::string& body, const Attachment& file);
  // A member replies in a thread (optionally sharing a file); e-mails the members.
  Outcome reply(const Actor& actor, const Principal& me, long long thread_id, const std::string& body,
                const Attachment& file);
  bool muted(long long session_id, long long user_id);
  // Turns the group's e-mails off, or back on, for a member; Outcome::id is 1 when now off.
  Outcome toggle_mail(const Actor& actor, const Principal& me, long long session_id);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the directory's and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

 private:
  Outcome check_message(const std::string& body, const Attachment& file, docs::UploadedFile& kept) const;
  long long share_file(soci::session& sql, const Actor& actor, long long session_id, const Attachment& file,
                       const docs::UploadedFile& kept, long long now);
  void notify(soci::session& sql, const programmes::SessionAccess& access, long long author_id,
              const std::string& author_name, const Thread& thread, const std::string& body, bool new_thread);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

// The checks of a space's messages, shared by the group space and the alumni spaces: a thread's title
// (trimmed by the caller), a message's body (trimmed) and its optional file, whose type and kept name
// fill `kept`.
Outcome check_space_title(const std::string& title);
Outcome check_space_message(const std::string& body, const Attachment& file, docs::UploadedFile& kept);

void register_routes(web::App& app, Service& service);

}  // namespace trame::training_space
