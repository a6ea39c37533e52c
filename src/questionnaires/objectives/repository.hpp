// SQL of a session's own objectives (training_session_objectives) and of what its sendings asked.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

namespace trame::objectives {

class Repository {
 public:
  // The session's own objectives in order (empty: none set).
  std::vector<std::string> of_session(soci::session& sql, long long session_id) const;
  // The sessions that have objectives of their own.
  std::vector<long long> sessions_with_own(soci::session& sql) const;
  // Replaces the session's objectives by `list` (in its order).
  void replace(soci::session& sql, long long session_id, const std::vector<std::string>& list, long long now,
               long long by) const;

  // The sending of a stage of the session's cycle: (sent_at, questionnaire id), zeros when not sent.
  std::pair<long long, long long> stage_sent(soci::session& sql, long long session_id, const std::string& stage) const;
  // The labels of the questionnaire's objective questions (obj-1…), the first of each key, in order.
  std::vector<std::string> asked(soci::session& sql, long long questionnaire_id) const;

  // The demo: Sagiterre's open session (0: none), and its objectives written by nobody.
  long long demo_session(soci::session& sql) const;
  void insert_demo(soci::session& sql, long long session_id, const std::vector<std::string>& list, long long now) const;
};

}  // namespace trame::objectives
