#include "trainings/attendance/repository.hpp"

#include <algorithm>

#include "platform/store/bytes.hpp"
#include "platform/store/id_list.hpp"

namespace trame::attendance {

namespace {

const char* kHalfdayColumns =
    "SELECT h.id, h.session_id, h.day, h.period, h.starts_at, h.ends_at, CAST(h.minutes AS BIGINT), h.sheet_status, "
    "h.sign_code_hash, h.sign_code_expires_at, h.opened_at, h.opened_by, h.countersigned_at, h.countersigned_by, "
    "COALESCE(u.name, ''), COALESCE(m.title, ''), "
    "CAST((SELECT COUNT(*) FROM training_attendance a WHERE a.halfday_id = h.id AND a.status = 'present') AS BIGINT), "
    "CAST((SELECT COUNT(*) FROM training_attendance a WHERE a.halfday_id = h.id AND a.status = 'absent') AS BIGINT), "
    "CAST((SELECT COUNT(*) FROM training_attendance a WHERE a.halfday_id = h.id AND a.status = 'excused') AS BIGINT) "
    "FROM training_halfdays h LEFT JOIN users u ON u.id = h.countersigned_by "
    "LEFT JOIN training_modules m ON m.id = h.module_id ";

// The into() list matching kHalfdayColumns.
#define ATTENDANCE_HALFDAY_INTO(h)                                                                               \
  soci::into((h).id), soci::into((h).session_id), soci::into((h).day), soci::into((h).period),                   \
      soci::into((h).starts_at), soci::into((h).ends_at), soci::into((h).minutes), soci::into((h).sheet_status), \
      soci::into((h).sign_code_hash), soci::into((h).sign_code_expires_at), soci::into((h).opened_at),           \
      soci::into((h).opened_by), soci::into((h).countersigned_at), soci::into((h).countersigned_by),             \
      soci::into((h).countersigned_name), soci::into((h).module_title), soci::into((h).present),                 \
      soci::into((h).absent), soci::into((h).excused)

// Trainees listed on a sheet: enrolled now, dropped out after the half-day began, or with a row.
const char* kRoster =
    "SELECT ap.id, ap.user_id, u.name, u.email, ap.status, COALESCE(a.status, ''), COALESCE(a.signature, ''), "
    "COALESCE(a.signed_at, 0), COALESCE(a.recorded_by, 0) "
    "FROM training_applications ap JOIN users u ON u.id = ap.user_id "
    "LEFT JOIN training_attendance a ON a.application_id = ap.id AND a.halfday_id = :h "
    "WHERE ap.session_id = :s AND (ap.status IN ('admitted', 'confirmed', 'completed') "
    "OR (ap.status = 'dropped_out' AND ap.dropout_at >= :st) OR a.id IS NOT NULL) ";

}  // namespace

std::optional<Halfday> Repository::find_halfday(soci::session& sql, long long id) {
  Halfday h;
  sql << std::string(kHalfdayColumns) + "WHERE h.id = :id", ATTENDANCE_HALFDAY_INTO(h), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return h;
}

std::vector<Halfday> Repository::halfdays(soci::session& sql, long long session_id, long long offset, long long limit) {
  Halfday h;
  soci::statement st = (sql.prepare << std::string(kHalfdayColumns) +
                                           "WHERE h.session_id = :s ORDER BY h.starts_at, h.id LIMIT :l OFFSET :o",
                        ATTENDANCE_HALFDAY_INTO(h), soci::use(session_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Halfday> out;
  while (st.fetch()) out.push_back(h);
  return out;
}

long long Repository::count_halfdays(soci::session& sql, long long session_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_halfdays WHERE session_id = :s", soci::into(n),
      soci::use(session_id);
  return n;
}

std::vector<OwnHalfday> Repository::own_halfdays(soci::session& sql, long long session_id, long long application_id,
                                                 long long offset, long long limit) {
  auto list = halfdays(sql, session_id, offset, limit);
  std::vector<OwnHalfday> out;
  for (auto& h : list) {
    OwnHalfday o;
    o.halfday = h;
    sql << "SELECT status, signature, signed_at FROM training_attendance WHERE halfday_id = :h AND application_id = :a",
        soci::into(o.status), soci::into(o.signature), soci::into(o.signed_at), soci::use(h.id),
        soci::use(application_id);
    if (!sql.got_data()) o.status.clear();
    out.push_back(o);
  }
  return out;
}

SessionInfo Repository::session_info(soci::session& sql, long long session_id) {
  SessionInfo s;
  sql << "SELECT s.id, s.title, p.title, o.name, s.place, s.address FROM training_sessions s "
         "JOIN training_programmes p ON p.id = s.programme_id JOIN organisations o ON o.id = p.organiser_id "
         "WHERE s.id = :id",
      soci::into(s.id), soci::into(s.title), soci::into(s.programme_title), soci::into(s.organiser_name),
      soci::into(s.place), soci::into(s.address), soci::use(session_id);
  std::string name;
  soci::statement st =
      (sql.prepare << "SELECT u.name FROM training_session_trainers t JOIN users u ON u.id = t.user_id "
                      "WHERE t.session_id = :s ORDER BY t.lead DESC, u.name",
       soci::into(name), soci::use(session_id));
  st.execute();
  while (st.fetch()) s.trainers.push_back(name);
  return s;
}

bool Repository::open_sheet(soci::session& sql, long long id, const std::string& code_hash, long long now,
                            long long by) {
  soci::statement st = (sql.prepare << "UPDATE training_halfdays SET sheet_status = 'open', sign_code_hash = :h, "
                                       "sign_code_expires_at = ends_at, opened_at = :n, opened_by = :b "
                                       "WHERE id = :id AND sheet_status IN ('closed', 'open')",
                        soci::use(code_hash), soci::use(now), soci::use(by), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::lock_sheet(soci::session& sql, long long id, long long now, long long by) {
  soci::statement st = (sql.prepare << "UPDATE training_halfdays SET sheet_status = 'locked', sign_code_hash = '', "
                                       "sign_code_expires_at = 0, countersigned_at = :n, countersigned_by = :b "
                                       "WHERE id = :id AND sheet_status = 'open'",
                        soci::use(now), soci::use(by), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<long long> Repository::locked_halfdays_of(soci::session& sql, long long session_id) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st =
      (sql.prepare << "SELECT id FROM training_halfdays WHERE session_id = :s AND sheet_status = 'locked'",
       soci::into(id), soci::use(session_id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

void Repository::lock_sheet_at(soci::session& sql, long long id, long long at, long long by) {
  sql << "UPDATE training_halfdays SET sheet_status = 'locked', opened_at = starts_at, opened_by = :b1, "
         "countersigned_at = :a, countersigned_by = :b2 WHERE id = :id AND sheet_status <> 'locked'",
      soci::use(by), soci::use(at), soci::use(by), soci::use(id);
}

std::vector<Halfday> Repository::unlocked_ended(soci::session& sql, long long from, long long to) {
  Halfday h;
  soci::statement st = (sql.prepare << std::string(kHalfdayColumns) +
                                           "JOIN training_sessions s ON s.id = h.session_id "
                                           "WHERE h.starts_at >= :f AND h.ends_at < :t AND h.sheet_status <> 'locked' "
                                           "AND h.reminded_at = 0 AND s.status <> 'cancelled' "
                                           "ORDER BY h.starts_at, h.id LIMIT 200",
                        ATTENDANCE_HALFDAY_INTO(h), soci::use(from), soci::use(to));
  st.execute();
  std::vector<Halfday> out;
  while (st.fetch()) out.push_back(h);
  return out;
}

bool Repository::claim_reminder(soci::session& sql, long long id, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_halfdays SET reminded_at = :n "
                                       "WHERE id = :id AND reminded_at = 0 AND sheet_status <> 'locked'",
                        soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<std::tuple<std::string, std::string, std::string>> Repository::trainer_contacts(soci::session& sql,
                                                                                            long long session_id) {
  std::string email, name, locale;
  soci::statement st = (sql.prepare << "SELECT u.email, u.name, u.locale FROM training_session_trainers t "
                                       "JOIN users u ON u.id = t.user_id WHERE t.session_id = :s AND u.disabled = 0 "
                                       "ORDER BY u.id",
                        soci::into(email), soci::into(name), soci::into(locale), soci::use(session_id));
  st.execute();
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  while (st.fetch()) out.emplace_back(email, name, locale);
  return out;
}

std::vector<Line> Repository::roster(soci::session& sql, const Halfday& h) {
  Line l;
  soci::statement st =
      (sql.prepare << std::string(kRoster) + "ORDER BY u.name, ap.id", soci::into(l.application_id),
       soci::into(l.user_id), soci::into(l.name), soci::into(l.email), soci::into(l.application_status),
       soci::into(l.status), soci::into(l.signature), soci::into(l.signed_at), soci::into(l.recorded_by),
       soci::use(h.id), soci::use(h.session_id), soci::use(h.starts_at));
  st.execute();
  std::vector<Line> out;
  while (st.fetch()) out.push_back(l);
  return out;
}

std::optional<Line> Repository::line(soci::session& sql, const Halfday& h, long long application_id) {
  Line l;
  sql << std::string(kRoster) + "AND ap.id = :a", soci::into(l.application_id), soci::into(l.user_id),
      soci::into(l.name), soci::into(l.email), soci::into(l.application_status), soci::into(l.status),
      soci::into(l.signature), soci::into(l.signed_at), soci::into(l.recorded_by), soci::use(h.id),
      soci::use(h.session_id), soci::use(h.starts_at), soci::use(application_id);
  if (!sql.got_data()) return std::nullopt;
  return l;
}

void Repository::insert_attendance(soci::session& sql, long long halfday_id, long long application_id,
                                   const std::string& status, const std::string& signature, long long at,
                                   long long by) {
  sql << "INSERT INTO training_attendance (halfday_id, application_id, status, signature, signed_at, recorded_by) "
         "VALUES (:h, :a, :s, :g, :t, :b)",
      soci::use(halfday_id), soci::use(application_id), soci::use(status), soci::use(signature), soci::use(at),
      soci::use(by);
}

void Repository::update_attendance(soci::session& sql, long long halfday_id, long long application_id,
                                   const std::string& status, const std::string& signature, long long at,
                                   long long by) {
  sql << "UPDATE training_attendance SET status = :s, signature = :g, signed_at = :t, recorded_by = :b "
         "WHERE halfday_id = :h AND application_id = :a",
      soci::use(status), soci::use(signature), soci::use(at), soci::use(by), soci::use(halfday_id),
      soci::use(application_id);
}

std::vector<Correction> Repository::corrections(soci::session& sql, long long halfday_id) {
  Correction c;
  soci::statement st =
      (sql.prepare
           << "SELECT c.application_id, tu.name, c.old_status, c.new_status, c.reason, COALESCE(cu.name, ''), "
              "c.corrected_at FROM training_attendance_corrections c "
              "JOIN training_applications ap ON ap.id = c.application_id JOIN users tu ON tu.id = ap.user_id "
              "LEFT JOIN users cu ON cu.id = c.corrected_by WHERE c.halfday_id = :h ORDER BY c.corrected_at, c.id",
       soci::into(c.application_id), soci::into(c.trainee_name), soci::into(c.old_status), soci::into(c.new_status),
       soci::into(c.reason), soci::into(c.corrected_by_name), soci::into(c.corrected_at), soci::use(halfday_id));
  st.execute();
  std::vector<Correction> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

void Repository::insert_correction(soci::session& sql, long long halfday_id, long long application_id,
                                   const std::string& old_status, const std::string& new_status,
                                   const std::string& reason, long long by, long long at) {
  sql << "INSERT INTO training_attendance_corrections (halfday_id, application_id, old_status, new_status, reason, "
         "corrected_by, corrected_at) VALUES (:h, :a, :o, :n, :r, :b, :t)",
      soci::use(halfday_id), soci::use(application_id), soci::use(old_status), soci::use(new_status), soci::use(reason),
      soci::use(by), soci::use(at);
}

void Repository::insert_document(soci::session& sql, long long session_id, long long halfday_id,
                                 const std::string& file_name, const std::string& sha256, const std::string& data,
                                 long long size, long long at, long long by) {
  std::string hex = store::to_hex(data);
  sql << "INSERT INTO training_documents (kind, session_id, application_id, halfday_id, file_name, sha256, data, "
         "size_bytes, created_at, created_by) VALUES ('attendance_sheet', :s, NULL, :h, :f, :x, decode(:d, 'hex'), :z, "
         ":t, :b)",
      soci::use(session_id), soci::use(halfday_id), soci::use(file_name), soci::use(sha256), soci::use(hex),
      soci::use(size), soci::use(at), soci::use(by);
}

std::optional<StoredSheet> Repository::latest_document(soci::session& sql, long long halfday_id) {
  StoredSheet d;
  std::string hex;
  sql << "SELECT file_name, encode(data, 'hex') FROM training_documents WHERE kind = 'attendance_sheet' "
         "AND halfday_id = :h ORDER BY id DESC LIMIT 1",
      soci::into(d.file_name), soci::into(hex), soci::use(halfday_id);
  if (!sql.got_data()) return std::nullopt;
  d.data = store::from_hex(hex);
  return d;
}

std::optional<Application> Repository::find_application(soci::session& sql, long long id) {
  Application a;
  sql << "SELECT ap.id, ap.session_id, ap.user_id, u.name, u.email, ap.status, ap.dropout_at, ap.dropout_cause, "
         "ap.dropout_detail FROM training_applications ap JOIN users u ON u.id = ap.user_id WHERE ap.id = :id",
      soci::into(a.id), soci::into(a.session_id), soci::into(a.user_id), soci::into(a.name), soci::into(a.email),
      soci::into(a.status), soci::into(a.dropout_at), soci::into(a.dropout_cause), soci::into(a.dropout_detail),
      soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

bool Repository::drop_out(soci::session& sql, long long id, long long at, const std::string& cause,
                          const std::string& detail, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_applications SET status = 'dropped_out', dropout_at = :a, "
                                       "dropout_cause = :c, dropout_detail = :d, updated_at = :n "
                                       "WHERE id = :id AND status IN ('admitted', 'confirmed')",
                        soci::use(at), soci::use(cause), soci::use(detail), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::release_seat(soci::session& sql, long long session_id) {
  sql << "UPDATE training_sessions SET seats_taken = seats_taken - 1 WHERE id = :id AND seats_taken > 0",
      soci::use(session_id);
}

void Repository::insert_contact(soci::session& sql, long long application_id, long long at, const std::string& channel,
                                const std::string& summary, long long by, long long now) {
  sql << "INSERT INTO training_contacts (application_id, contacted_at, channel, summary, recorded_by, created_at) "
         "VALUES (:a, :t, :c, :s, :b, :n)",
      soci::use(application_id), soci::use(at), soci::use(channel), soci::use(summary), soci::use(by), soci::use(now);
}

std::vector<Contact> Repository::contacts(soci::session& sql, long long application_id, long long offset,
                                          long long limit) {
  Contact c;
  soci::statement st = (sql.prepare << "SELECT c.id, c.contacted_at, c.channel, c.summary, COALESCE(u.name, '') "
                                       "FROM training_contacts c LEFT JOIN users u ON u.id = c.recorded_by "
                                       "WHERE c.application_id = :a ORDER BY c.contacted_at DESC, c.id DESC "
                                       "LIMIT :l OFFSET :o",
                        soci::into(c.id), soci::into(c.contacted_at), soci::into(c.channel), soci::into(c.summary),
                        soci::into(c.recorded_by_name), soci::use(application_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Contact> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::count_contacts(soci::session& sql, long long application_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_contacts WHERE application_id = :a", soci::into(n),
      soci::use(application_id);
  return n;
}

namespace {
const char* kFollowup =
    "SELECT f.id, f.application_id, f.trainer_id, COALESCE(u.name, ''), f.meeting_at, f.mode, f.objective, f.progress, "
    "f.next_step FROM training_followups f LEFT JOIN users u ON u.id = f.trainer_id ";
}

std::vector<Followup> Repository::followups(soci::session& sql, long long application_id, long long offset,
                                            long long limit) {
  Followup f;
  soci::statement st =
      (sql.prepare << std::string(kFollowup) +
                          "WHERE f.application_id = :a ORDER BY f.meeting_at DESC, f.id DESC "
                          "LIMIT :l OFFSET :o",
       soci::into(f.id), soci::into(f.application_id), soci::into(f.trainer_id), soci::into(f.trainer_name),
       soci::into(f.meeting_at), soci::into(f.mode), soci::into(f.objective), soci::into(f.progress),
       soci::into(f.next_step), soci::use(application_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Followup> out;
  while (st.fetch()) out.push_back(f);
  return out;
}

long long Repository::count_followups(soci::session& sql, long long application_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_followups WHERE application_id = :a", soci::into(n),
      soci::use(application_id);
  return n;
}

std::optional<Followup> Repository::find_followup(soci::session& sql, long long id) {
  Followup f;
  sql << std::string(kFollowup) + "WHERE f.id = :id", soci::into(f.id), soci::into(f.application_id),
      soci::into(f.trainer_id), soci::into(f.trainer_name), soci::into(f.meeting_at), soci::into(f.mode),
      soci::into(f.objective), soci::into(f.progress), soci::into(f.next_step), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return f;
}

long long Repository::insert_followup(soci::session& sql, long long application_id, long long trainer_id,
                                      long long meeting_at, const FollowupInput& in, long long now) {
  long long id = 0;
  sql << "INSERT INTO training_followups (application_id, trainer_id, meeting_at, mode, objective, progress, "
         "next_step, "
         "created_at, updated_at) VALUES (:a, :t, :m, :mo, :ob, :p, :n, :c, :u) RETURNING id",
      soci::use(application_id), soci::use(trainer_id), soci::use(meeting_at), soci::use(in.mode),
      soci::use(in.objective), soci::use(in.progress), soci::use(in.next_step), soci::use(now), soci::use(now),
      soci::into(id);
  return id;
}

void Repository::update_followup(soci::session& sql, long long id, long long meeting_at, const FollowupInput& in,
                                 long long now) {
  sql << "UPDATE training_followups SET meeting_at = :m, mode = :mo, objective = :ob, progress = :p, next_step = :n, "
         "updated_at = :u WHERE id = :id",
      soci::use(meeting_at), soci::use(in.mode), soci::use(in.objective), soci::use(in.progress),
      soci::use(in.next_step), soci::use(now), soci::use(id);
}

namespace {

const char* kDashboardHalfday =
    "SELECT h.id, h.session_id, h.starts_at, h.ends_at, s.title, p.title, s.place, s.address "
    "FROM training_halfdays h JOIN training_sessions s ON s.id = h.session_id "
    "JOIN training_programmes p ON p.id = s.programme_id ";

std::vector<DashboardHalfday> fetch_halfdays(soci::statement& st, DashboardHalfday& h) {
  st.execute();
  std::vector<DashboardHalfday> out;
  while (st.fetch()) out.push_back(h);
  return out;
}

}  // namespace

#define TRAME_DASHBOARD_HALFDAY_INTO(h)                                                               \
  soci::into((h).id), soci::into((h).session_id), soci::into((h).starts_at), soci::into((h).ends_at), \
      soci::into((h).session_title), soci::into((h).programme_title), soci::into((h).place), soci::into((h).address)

TraineeDashboard Repository::trainee_dashboard(soci::session& sql, long long user_id, long long now, long long limit) {
  TraineeDashboard d;
  long long enrolled = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications WHERE user_id = :u "
         "AND status IN ('admitted', 'confirmed', 'completed')",
      soci::into(enrolled), soci::use(user_id);
  d.trainee = enrolled > 0;
  if (!d.trainee) return d;
  {
    PlaceToConfirm c;
    soci::statement st = (sql.prepare << "SELECT ap.id, s.starts_at, s.title, p.title FROM training_applications ap "
                                         "JOIN training_sessions s ON s.id = ap.session_id "
                                         "JOIN training_programmes p ON p.id = s.programme_id "
                                         "WHERE ap.user_id = :u AND ap.status = 'admitted' "
                                         "ORDER BY s.starts_at, ap.id LIMIT :l",
                          soci::into(c.application_id), soci::into(c.starts_at), soci::into(c.session_title),
                          soci::into(c.programme_title), soci::use(user_id), soci::use(limit));
    st.execute();
    while (st.fetch()) d.to_confirm.push_back(c);
  }
  // The half-days of the sessions the person follows (admitted or confirmed; not a cancelled session).
  const std::string mine =
      "JOIN training_applications ap ON ap.session_id = h.session_id WHERE ap.user_id = :u "
      "AND ap.status IN ('admitted', 'confirmed') AND s.status <> 'cancelled' AND h.ends_at > :now ";
  {
    DashboardHalfday h;
    soci::statement st =
        (sql.prepare << std::string(kDashboardHalfday) + mine +
                            "AND h.sheet_status = 'open' AND NOT EXISTS (SELECT 1 FROM training_attendance t "
                            "WHERE t.halfday_id = h.id AND t.application_id = ap.id AND t.status = 'present') "
                            "ORDER BY h.starts_at, h.id LIMIT :l",
         TRAME_DASHBOARD_HALFDAY_INTO(h), soci::use(user_id), soci::use(now), soci::use(limit));
    d.to_sign = fetch_halfdays(st, h);
  }
  {
    // The next half-day besides those to sign (already listed): the one in progress or the next to come.
    DashboardHalfday h;
    const long long wanted = static_cast<long long>(d.to_sign.size()) + 1;
    soci::statement st = (sql.prepare << std::string(kDashboardHalfday) + mine + "ORDER BY h.starts_at, h.id LIMIT :l",
                          TRAME_DASHBOARD_HALFDAY_INTO(h), soci::use(user_id), soci::use(now), soci::use(wanted));
    for (const auto& one : fetch_halfdays(st, h)) {
      const bool listed =
          std::any_of(d.to_sign.begin(), d.to_sign.end(), [&](const DashboardHalfday& s) { return s.id == one.id; });
      if (!listed) {
        d.next = one;
        break;
      }
    }
  }
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_documents d JOIN training_applications ap "
         "ON ap.id = d.application_id WHERE ap.user_id = :u",
      soci::into(d.documents), soci::use(user_id);
  return d;
}

SheetsToCountersign Repository::sheets_to_countersign(soci::session& sql, long long user_id, const ActingFor& managed,
                                                      long long limit) {
  std::string who =
      "EXISTS (SELECT 1 FROM training_session_trainers tr WHERE tr.session_id = s.id AND "
      "tr.user_id = :u)";
  if (managed.all) who = "(" + who + " OR p.organiser_id IS NOT NULL)";  // administrators: every organiser
  else if (!managed.organisations.empty())
    who = "(" + who + " OR " + store::in_ids(sql, "p.organiser_id", managed.organisations) + ")";
  const std::string where = "WHERE h.sheet_status = 'open' AND " + who + " ";
  SheetsToCountersign out;
  DashboardHalfday h;
  soci::statement st = (sql.prepare << std::string(kDashboardHalfday) + where + "ORDER BY h.starts_at, h.id LIMIT :l",
                        TRAME_DASHBOARD_HALFDAY_INTO(h), soci::use(user_id), soci::use(limit));
  out.first = fetch_halfdays(st, h);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_halfdays h JOIN training_sessions s ON s.id = h.session_id "
         "JOIN training_programmes p ON p.id = s.programme_id " +
             where,
      soci::into(out.total), soci::use(user_id);
  return out;
}

}  // namespace trame::attendance
