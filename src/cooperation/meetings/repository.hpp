// SQL of meetings: the meeting, its agenda, invitations, attendees and organisations present, and
// what it reads of other modules' tables (decisions taken at it, the methods library when present).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/meetings/model.hpp"

namespace trame::meetings {

class Repository {
 public:
  std::optional<Meeting> find(soci::session& sql, long long id) const;
  // A project's meetings, newest first (paginated).
  std::vector<Meeting> of_project(soci::session& sql, long long project_id, int limit, int offset) const;
  long long count_of_project(soci::session& sql, long long project_id) const;
  long long by_title(soci::session& sql, long long project_id, const std::string& title) const;

  long long insert(soci::session& sql, const Meeting& m, long long now) const;
  // Title, times, place, video link and sequence.
  void update(soci::session& sql, const Meeting& m, long long now) const;
  void set_cancelled(soci::session& sql, long long id, long long sequence, long long now) const;
  void set_held(soci::session& sql, long long id, long long others_count, const std::string& others_label,
                long long now) const;
  void set_minutes(soci::session& sql, long long id, const std::string& minutes, long long by, long long now) const;
  // Holds the meeting's row until the transaction ends (two facilitators at once: one after the other).
  void hold(soci::session& sql, long long id) const;

  std::vector<AgendaItem> agenda(soci::session& sql, long long meeting_id, bool with_methods) const;
  void set_agenda(soci::session& sql, long long meeting_id, const std::vector<AgendaItem>& items) const;

  std::vector<Invitation> invitations(soci::session& sql, long long meeting_id) const;
  std::optional<Invitation> invitation(soci::session& sql, long long meeting_id, long long user_id) const;
  // Inserts or, when already invited, records the new sending (the answer stays).
  void upsert_invitation(soci::session& sql, long long meeting_id, long long user_id, long long sequence,
                         long long now) const;
  void set_sent_sequence(soci::session& sql, long long meeting_id, long long user_id, long long sequence) const;
  void set_answer(soci::session& sql, long long meeting_id, long long user_id, const std::string& answer,
                  long long now) const;

  std::vector<Attendee> attendees(soci::session& sql, long long meeting_id) const;
  void set_attendees(soci::session& sql, long long meeting_id, const std::vector<long long>& user_ids) const;
  std::vector<OrganisationPresent> organisations(soci::session& sql, long long meeting_id) const;
  void set_organisations(soci::session& sql, long long meeting_id, const std::vector<long long>& ids) const;
  // Active organisations of the directory among `ids`.
  std::vector<long long> existing_organisations(soci::session& sql, const std::vector<long long>& ids) const;
  std::vector<OrganisationPresent> directory(soci::session& sql, int limit) const;
  std::vector<OrganisationPresent> named_organisations(soci::session& sql, const std::vector<long long>& ids) const;

  // The decisions of cooperation_decisions taken at this meeting (none while that table is not there).
  std::vector<DecisionTaken> decisions(soci::session& sql, long long meeting_id) const;

  // Whether a table exists (the methods library, the decisions: other modules' migrations).
  static bool has_table(soci::session& sql, const std::string& table);
  std::vector<MethodChoice> methods(soci::session& sql) const;
  bool method_exists(soci::session& sql, long long id) const;
};

}  // namespace trame::meetings
