// SQL of the attendance module.
#pragma once
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <soci/soci.h>

#include "platform/core/permissions.hpp"

#include "trainings/attendance/model.hpp"

namespace trame::attendance {

class Repository {
 public:
  // Half-days and sheets.
  std::optional<Halfday> find_halfday(soci::session& sql, long long id);
  std::vector<Halfday> halfdays(soci::session& sql, long long session_id, long long offset, long long limit);
  long long count_halfdays(soci::session& sql, long long session_id);
  std::vector<OwnHalfday> own_halfdays(soci::session& sql, long long session_id, long long application_id,
                                       long long offset, long long limit);
  SessionInfo session_info(soci::session& sql, long long session_id);
  bool open_sheet(soci::session& sql, long long id, const std::string& code_hash, long long now, long long by);
  bool lock_sheet(soci::session& sql, long long id, long long now, long long by);
  std::vector<long long> locked_halfdays_of(soci::session& sql, long long session_id);
  void lock_sheet_at(soci::session& sql, long long id, long long at, long long by);

  // Half-days that ended between `from` and `to` with a sheet still not countersigned (reminders).
  std::vector<Halfday> unlocked_ended(soci::session& sql, long long from, long long to);
  // Claims the reminder of a half-day (once: false when already claimed or locked meanwhile).
  bool claim_reminder(soci::session& sql, long long id, long long now);
  // The trainers of a session: (email, name, locale).
  std::vector<std::tuple<std::string, std::string, std::string>> trainer_contacts(soci::session& sql,
                                                                                  long long session_id);

  // Lines of a sheet: the enrolled trainees and their attendance rows.
  std::vector<Line> roster(soci::session& sql, const Halfday& h);
  std::optional<Line> line(soci::session& sql, const Halfday& h, long long application_id);
  void insert_attendance(soci::session& sql, long long halfday_id, long long application_id, const std::string& status,
                         const std::string& signature, long long at, long long by);
  void update_attendance(soci::session& sql, long long halfday_id, long long application_id, const std::string& status,
                         const std::string& signature, long long at, long long by);

  std::vector<Correction> corrections(soci::session& sql, long long halfday_id);
  void insert_correction(soci::session& sql, long long halfday_id, long long application_id,
                         const std::string& old_status, const std::string& new_status, const std::string& reason,
                         long long by, long long at);

  void insert_document(soci::session& sql, long long session_id, long long halfday_id, const std::string& file_name,
                       const std::string& sha256, const std::string& data, long long size, long long at, long long by);
  std::optional<StoredSheet> latest_document(soci::session& sql, long long halfday_id);

  // Applications: dropouts and contacts.
  std::optional<Application> find_application(soci::session& sql, long long id);
  bool drop_out(soci::session& sql, long long id, long long at, const std::string& cause, const std::string& detail,
                long long now);
  void release_seat(soci::session& sql, long long session_id);
  void insert_contact(soci::session& sql, long long application_id, long long at, const std::string& channel,
                      const std::string& summary, long long by, long long now);
  std::vector<Contact> contacts(soci::session& sql, long long application_id, long long offset, long long limit);
  long long count_contacts(soci::session& sql, long long application_id);

  // Individual follow-up.
  std::vector<Followup> followups(soci::session& sql, long long application_id, long long offset, long long limit);
  long long count_followups(soci::session& sql, long long application_id);
  std::optional<Followup> find_followup(soci::session& sql, long long id);
  long long insert_followup(soci::session& sql, long long application_id, long long trainer_id, long long meeting_at,
                            const FollowupInput& in, long long now);
  void update_followup(soci::session& sql, long long id, long long meeting_at, const FollowupInput& in, long long now);

  // Dashboards (bounded lists).
  TraineeDashboard trainee_dashboard(soci::session& sql, long long user_id, long long now, long long limit);
  // Open sheets of the sessions `user_id` trains, or whose organiser is in `managed` (trainings.manage).
  SheetsToCountersign sheets_to_countersign(soci::session& sql, long long user_id, const ActingFor& managed,
                                            long long limit);
};

}  // namespace trame::attendance
