// SQL of the training_space module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/training_space/model.hpp"

namespace trame::training_space {

class Repository {
 public:
  // The modules of a programme, in their order.
  std::vector<Module> modules(soci::session& sql, long long programme_id);

  // Resources (without their bytes), not deleted: Général first, then by module, then shared by the group.
  std::vector<Resource> resources(soci::session& sql, long long session_id, long long offset, long long limit,
                                  long long& total);
  // One resource, deleted or not; with its bytes when `with_bytes`.
  std::optional<Resource> resource(soci::session& sql, long long id, bool with_bytes);
  long long insert_resource(soci::session& sql, const Resource& r);
  // Marks a resource deleted (the row stays); false when it was not there or already deleted.
  bool mark_resource_deleted(soci::session& sql, long long id);

  // Threads of a space, latest activity first (the group's: training_threads; an alumni space's:
  // training_alumni_threads). The overloads without a kind are the group space's.
  std::vector<Thread> threads(soci::session& sql, const Space& space, long long offset, long long limit,
                              long long& total);
  std::optional<Thread> thread(soci::session& sql, SpaceKind kind, long long id);
  long long insert_thread(soci::session& sql, SpaceKind kind, const Thread& t);
  long long insert_post(soci::session& sql, SpaceKind kind, const Post& p);
  // One more post on a thread, at `at`.
  void touch_thread(soci::session& sql, SpaceKind kind, long long thread_id, long long at);
  // Posts of a thread, oldest first.
  std::vector<Post> posts(soci::session& sql, SpaceKind kind, long long thread_id, long long offset, long long limit,
                          long long& total);
  std::optional<Post> post(soci::session& sql, SpaceKind kind, long long id);
  // Empties a post removed by a moderator (alumni spaces); false when it was not there or already removed.
  bool remove_post(soci::session& sql, long long post_id, long long by);
  // A file shared in an alumni space (with its bytes when `with_bytes`), and a new one.
  std::optional<Resource> alumni_file(soci::session& sql, long long id, bool with_bytes);
  long long insert_alumni_file(soci::session& sql, long long programme_id, const Resource& r);

  std::vector<Thread> threads(soci::session& sql, long long session_id, long long offset, long long limit,
                              long long& total) {
    return threads(sql, Space{SpaceKind::group, session_id}, offset, limit, total);
  }
  std::optional<Thread> thread(soci::session& sql, long long id) { return thread(sql, SpaceKind::group, id); }
  long long insert_thread(soci::session& sql, const Thread& t) { return insert_thread(sql, SpaceKind::group, t); }
  long long insert_post(soci::session& sql, const Post& p) { return insert_post(sql, SpaceKind::group, p); }
  void touch_thread(soci::session& sql, long long thread_id, long long at) {
    touch_thread(sql, SpaceKind::group, thread_id, at);
  }
  std::vector<Post> posts(soci::session& sql, long long thread_id, long long offset, long long limit,
                          long long& total) {
    return posts(sql, SpaceKind::group, thread_id, offset, limit, total);
  }

  // Who belongs to the group space: trainees (admitted, confirmed or completed), the session's
  // trainers and the organiser's managers (not platform-wide roles), with their e-mail choice.
  std::vector<Member> members(soci::session& sql, long long session_id, long long organiser_id);
  // Whether the user turned the group's e-mails off (a mute row, or their application's group_mail = 0).
  bool muted(soci::session& sql, long long session_id, long long user_id);
  void set_muted(soci::session& sql, long long session_id, long long user_id, bool muted, bool trainee);

  std::string user_name(soci::session& sql, long long user_id);
  long long session_of_resource(soci::session& sql, long long resource_id);
  long long session_of_thread(soci::session& sql, long long thread_id);

  // Demo helpers.
  long long session_by_title(soci::session& sql, const std::string& title);
  long long user_by_email(soci::session& sql, const std::string& email);
  long long programme_of(soci::session& sql, long long session_id);
  bool has_resource_titled(soci::session& sql, long long session_id, const std::string& title);
  bool has_thread_titled(soci::session& sql, long long session_id, const std::string& title);
  // Users enrolled on a session (admitted, confirmed or completed), in enrolment order.
  std::vector<long long> enrolled_users(soci::session& sql, long long session_id, long long limit);
};

}  // namespace trame::training_space
