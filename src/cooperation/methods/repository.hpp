// SQL of the methods library: methods, their steps, and their uses.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/methods/model.hpp"

namespace trame::methods {

// The search, as bound values (words already folded).
struct Query {
  bool network = false;  // the reader is signed in: network-only methods too
  std::vector<std::string> words;
  long long minutes = 0, people = 0;
  std::string tag;  // folded
};

class Repository {
 public:
  std::optional<Method> find(soci::session& sql, long long id) const;
  std::vector<Method> search(soci::session& sql, const Query& q, long long limit, long long offset) const;
  long long count(soci::session& sql, const Query& q) const;
  std::vector<MethodChoice> choices(soci::session& sql, bool network) const;

  long long insert(soci::session& sql, const Method& m, const std::string& search_text, const std::string& tags_key,
                   long long now) const;
  void update(soci::session& sql, const Method& m, const std::string& search_text, const std::string& tags_key,
              long long now) const;
  void set_steps(soci::session& sql, long long method_id, const std::vector<std::string>& steps) const;
  long long by_title(soci::session& sql, const std::string& title) const;

  // Whether the person facilitates at least one cooperation project.
  bool facilitates_a_project(soci::session& sql, long long user_id) const;

  std::vector<Use> uses(soci::session& sql, long long method_id, long long limit, long long offset) const;
  long long count_uses(soci::session& sql, long long method_id) const;
  std::optional<Use> use(soci::session& sql, long long id) const;
  long long insert_use(soci::session& sql, const Use& u, long long now) const;
  void delete_use(soci::session& sql, long long id) const;
  bool use_exists(soci::session& sql, const Use& u) const;
  // Whether the method has a use in that project (or that half-day), whatever the day.
  bool has_use(soci::session& sql, long long method_id, long long project_id, long long halfday_id) const;

  // Projects where the person is facilitator or member; half-days of the sessions they teach that
  // have begun by `today` (ISO day; the latest 200, sessions not cancelled).
  std::vector<MethodChoice> contributed_projects(soci::session& sql, long long user_id) const;
  std::vector<HalfDayChoice> taught_halfdays(soci::session& sql, long long user_id, const std::string& today) const;
  // A half-day's session and day (nullopt: no such half-day).
  struct HalfDayRef {
    long long session_id = 0;
    std::string day;
  };
  std::optional<HalfDayRef> halfday(soci::session& sql, long long halfday_id) const;
  // Whether the session's programme is published (its sessions are in the public catalogue).
  bool programme_published(soci::session& sql, long long session_id) const;
  // For the demo: an account by e-mail address (0: none).
  long long user_by_email(soci::session& sql, const std::string& email) const;
};

}  // namespace trame::methods
