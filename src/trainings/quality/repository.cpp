#include "trainings/quality/repository.hpp"

#include "platform/store/id_list.hpp"
#include "platform/store/settings.hpp"

namespace trame::quality {

namespace {

// "<column> IN (…)" for a scope, "" for every organisation (an empty list matches nothing); ids are integers
// we hold, never text.
std::string scope_condition(soci::session& sql, const ActingFor& scope, const std::string& column) {
  if (scope.all) return "";
  return store::in_ids(sql, column, scope.organisations);
}

// The scope as one more condition after a WHERE: " AND <column> IN (…)", or "".
std::string scope_sql(soci::session& sql, const ActingFor& scope, const std::string& column) {
  std::string condition = scope_condition(sql, scope, column);
  return condition.empty() ? "" : " AND " + condition;
}

// "WHERE a AND b …" from the non-empty conditions, "" when there are none.
std::string where_of(const std::vector<std::string>& conditions) {
  std::string out;
  for (const auto& c : conditions)
    if (!c.empty()) out += (out.empty() ? "WHERE " : " AND ") + c;
  return out + " ";
}

const char* kComplaintColumns =
    "SELECT c.id, COALESCE(c.organisation_id, 0), COALESCE(o.name, ''), COALESCE(c.programme_id, 0), "
    "COALESCE(p.title, ''), COALESCE(c.session_id, 0), COALESCE(s.title, ''), c.complainant_kind, "
    "c.complainant_name, c.complainant_email, COALESCE(c.user_id, 0), c.subject, c.body, c.status, "
    "COALESCE(c.assigned_to, 0), COALESCE(u.name, ''), c.received_at, c.acknowledged_at, c.due_at, c.answer, "
    "c.answered_at, c.closed_at, c.closing_note FROM quality_complaints c "
    "LEFT JOIN organisations o ON o.id = c.organisation_id "
    "LEFT JOIN training_programmes p ON p.id = c.programme_id "
    "LEFT JOIN training_sessions s ON s.id = c.session_id LEFT JOIN users u ON u.id = c.assigned_to ";

#define Q_COMPLAINT_INTO(c)                                                                                            \
  soci::into((c).id), soci::into((c).organisation_id), soci::into((c).organisation_name),                              \
      soci::into((c).programme_id), soci::into((c).programme_title), soci::into((c).session_id),                       \
      soci::into((c).session_title), soci::into((c).complainant_kind), soci::into((c).complainant_name),               \
      soci::into((c).complainant_email), soci::into((c).user_id), soci::into((c).subject), soci::into((c).body),       \
      soci::into((c).status), soci::into((c).assigned_to), soci::into((c).assignee_name), soci::into((c).received_at), \
      soci::into((c).acknowledged_at), soci::into((c).due_at), soci::into((c).answer), soci::into((c).answered_at),    \
      soci::into((c).closed_at), soci::into((c).closing_note)

const char* kActionColumns =
    "SELECT a.id, a.organisation_id, o.name, COALESCE(a.programme_id, 0), COALESCE(p.title, ''), a.source, "
    "COALESCE(a.complaint_id, 0), COALESCE(c.subject, ''), COALESCE(a.application_id, 0), COALESCE(tu.name, ''), "
    "a.title, a.description, COALESCE(a.owner_id, 0), COALESCE(ow.name, ''), a.due_on, a.status, a.result, "
    "a.done_at, a.created_at FROM quality_actions a JOIN organisations o ON o.id = a.organisation_id "
    "LEFT JOIN training_programmes p ON p.id = a.programme_id "
    "LEFT JOIN quality_complaints c ON c.id = a.complaint_id "
    "LEFT JOIN training_applications ta ON ta.id = a.application_id LEFT JOIN users tu ON tu.id = ta.user_id "
    "LEFT JOIN users ow ON ow.id = a.owner_id ";

#define Q_ACTION_INTO(a)                                                                                          \
  soci::into((a).id), soci::into((a).organisation_id), soci::into((a).organisation_name),                         \
      soci::into((a).programme_id), soci::into((a).programme_title), soci::into((a).source),                      \
      soci::into((a).complaint_id), soci::into((a).complaint_subject), soci::into((a).application_id),            \
      soci::into((a).trainee_name), soci::into((a).title), soci::into((a).description), soci::into((a).owner_id), \
      soci::into((a).owner_name), soci::into((a).due_on), soci::into((a).status), soci::into((a).result),         \
      soci::into((a).done_at), soci::into((a).created_at)

// Status ("" for any) and overdue (1: only the overdue ones) filters, bound in this order.
const char* kFilter =
    "(:st = '' OR c.status = :st2) AND (:ov = 0 OR (c.status NOT IN ('answered', 'closed') AND c.due_at < :now))";

std::vector<Choice> fetch_choices(soci::statement& st, Choice& c) {
  st.execute();
  std::vector<Choice> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

long long count(soci::session& sql, const std::string& query, long long id) {
  long long n = 0;
  sql << query, soci::into(n), soci::use(id);
  return n;
}

}  // namespace

std::pair<long long, long long> Repository::programme_by_title(soci::session& sql, const std::string& title) {
  long long programme = 0, organiser = 0;
  sql << "SELECT id, organiser_id FROM training_programmes WHERE title = :t ORDER BY id LIMIT 1", soci::into(programme),
      soci::into(organiser), soci::use(title);
  if (!sql.got_data()) return {0, 0};
  return {programme, organiser};
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

std::vector<Choice> Repository::organisers(soci::session& sql) {
  Choice c;
  soci::statement st =
      (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE o.kind IN ('training', 'authority') "
                      "AND o.status = 'active' AND EXISTS (SELECT 1 FROM training_programmes p "
                      "WHERE p.organiser_id = o.id) ORDER BY o.name",
       soci::into(c.id), soci::into(c.label));
  return fetch_choices(st, c);
}

std::vector<Choice> Repository::programmes(soci::session& sql) {
  Choice c;
  soci::statement st = (sql.prepare << "SELECT id, title, organiser_id FROM training_programmes "
                                       "WHERE status <> 'archived' ORDER BY title",
                        soci::into(c.id), soci::into(c.label), soci::into(c.parent_id));
  return fetch_choices(st, c);
}

std::vector<Choice> Repository::sessions(soci::session& sql) {
  Choice c;
  soci::statement st = (sql.prepare << "SELECT s.id, s.title, s.programme_id FROM training_sessions s "
                                       "JOIN training_programmes p ON p.id = s.programme_id "
                                       "WHERE p.status <> 'archived' ORDER BY s.starts_at DESC",
                        soci::into(c.id), soci::into(c.label), soci::into(c.parent_id));
  return fetch_choices(st, c);
}

std::vector<Choice> Repository::members(soci::session& sql, const ActingFor& scope) {
  Choice c;
  soci::statement st =
      (sql.prepare
           << "SELECT DISTINCT u.id, u.name, m.organisation_id FROM memberships m JOIN users u ON u.id = m.user_id "
              "WHERE u.disabled = 0" +
                  scope_sql(sql, scope, "m.organisation_id") + " ORDER BY u.name",
       soci::into(c.id), soci::into(c.label), soci::into(c.parent_id));
  return fetch_choices(st, c);
}

bool Repository::is_member(soci::session& sql, long long organisation_id, long long user_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM memberships m JOIN users u ON u.id = m.user_id "
         "WHERE m.organisation_id = :o AND m.user_id = :u AND u.disabled = 0",
      soci::into(n), soci::use(organisation_id), soci::use(user_id);
  return n > 0;
}

long long Repository::programme_of_session(soci::session& sql, long long session_id) {
  long long id = 0;
  sql << "SELECT programme_id FROM training_sessions WHERE id = :id", soci::into(id), soci::use(session_id);
  return sql.got_data() ? id : 0;
}

std::string Repository::organisation_name(soci::session& sql, long long organisation_id) {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::into(name), soci::use(organisation_id);
  return sql.got_data() ? name : "";
}

std::string Repository::user_email(soci::session& sql, long long user_id) {
  std::string email;
  sql << "SELECT email FROM users WHERE id = :id AND disabled = 0", soci::into(email), soci::use(user_id);
  return sql.got_data() ? email : "";
}

std::vector<std::string> Repository::staff_emails(soci::session& sql, long long organisation_id) {
  std::vector<std::string> out;
  std::string email;
  soci::statement st = (sql.prepare << "SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id "
                                       "WHERE m.organisation_id = :o AND m.role IN ('training_staff', 'coordinator') "
                                       "AND u.disabled = 0 ORDER BY u.email",
                        soci::into(email), soci::use(organisation_id));
  st.execute();
  while (st.fetch()) out.push_back(email);
  return out;
}

long long Repository::insert_complaint(soci::session& sql, const ComplaintInput& in, long long now, long long due_at) {
  long long id = 0;
  sql << "INSERT INTO quality_complaints (organisation_id, programme_id, session_id, complainant_kind, "
         "complainant_name, complainant_email, user_id, subject, body, status, received_at, acknowledged_at, due_at) "
         "VALUES (:o, NULLIF(:p, 0), NULLIF(:s, 0), :k, :n, :e, NULLIF(:u, 0), :su, :b, 'acknowledged', :r, :a, :d) "
         "RETURNING id",
      soci::use(in.organisation_id), soci::use(in.programme_id), soci::use(in.session_id), soci::use(in.kind),
      soci::use(in.name), soci::use(in.email), soci::use(in.user_id), soci::use(in.subject), soci::use(in.body),
      soci::use(now), soci::use(now), soci::use(due_at), soci::into(id);
  return id;
}

std::optional<Complaint> Repository::find_complaint(soci::session& sql, long long id) {
  Complaint c;
  sql << std::string(kComplaintColumns) + "WHERE c.id = :id", Q_COMPLAINT_INTO(c), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return c;
}

std::optional<Complaint> Repository::find_complaint_by_subject(soci::session& sql, long long organisation_id,
                                                               const std::string& subject) {
  Complaint c;
  sql << std::string(kComplaintColumns) + "WHERE c.organisation_id = :o AND c.subject = :s ORDER BY c.id LIMIT 1",
      Q_COMPLAINT_INTO(c), soci::use(organisation_id), soci::use(subject);
  if (!sql.got_data()) return std::nullopt;
  return c;
}

std::vector<Complaint> Repository::complaints(soci::session& sql, const ActingFor& scope, const ComplaintFilter& f,
                                              long long now, long long offset, long long limit) {
  Complaint c;
  long long overdue = f.overdue ? 1 : 0;
  soci::statement st = (sql.prepare << std::string(kComplaintColumns) +
                                           where_of({scope_condition(sql, scope, "c.organisation_id"), kFilter}) +
                                           "ORDER BY c.received_at DESC, c.id DESC LIMIT :l OFFSET :of",
                        Q_COMPLAINT_INTO(c), soci::use(f.status), soci::use(f.status), soci::use(overdue),
                        soci::use(now), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Complaint> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::count_complaints(soci::session& sql, const ActingFor& scope, const ComplaintFilter& f,
                                       long long now) {
  long long n = 0;
  long long overdue = f.overdue ? 1 : 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM quality_complaints c " +
             where_of({scope_condition(sql, scope, "c.organisation_id"), kFilter}),
      soci::into(n), soci::use(f.status), soci::use(f.status), soci::use(overdue), soci::use(now);
  return n;
}

std::vector<Complaint> Repository::due_complaints(soci::session& sql, const ActingFor& scope, long long limit) {
  Complaint c;
  soci::statement st = (sql.prepare << std::string(kComplaintColumns) +
                                           where_of({scope_condition(sql, scope, "c.organisation_id"),
                                                     "c.status NOT IN ('answered', 'closed')"}) +
                                           "ORDER BY c.due_at, c.id LIMIT :l",
                        Q_COMPLAINT_INTO(c), soci::use(limit));
  st.execute();
  std::vector<Complaint> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::count_due_complaints(soci::session& sql, const ActingFor& scope) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM quality_complaints c " +
             where_of({scope_condition(sql, scope, "c.organisation_id"), "c.status NOT IN ('answered', 'closed')"}),
      soci::into(n);
  return n;
}

bool Repository::assign(soci::session& sql, long long id, long long user_id) {
  soci::statement st = (sql.prepare << "UPDATE quality_complaints SET assigned_to = :u, status = CASE WHEN status IN "
                                       "('received', 'acknowledged') THEN 'assigned' ELSE status END "
                                       "WHERE id = :id AND status NOT IN ('answered', 'closed')",
                        soci::use(user_id), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::answer(soci::session& sql, long long id, const std::string& text, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE quality_complaints SET answer = :a, answered_at = :n, status = 'answered' "
                      "WHERE id = :id AND status NOT IN ('answered', 'closed')",
       soci::use(text), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::close(soci::session& sql, long long id, const std::string& note, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE quality_complaints SET closing_note = :c, closed_at = :n, status = 'closed' "
                      "WHERE id = :id AND status <> 'closed'",
       soci::use(note), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<long long> Repository::overdue_unnotified(soci::session& sql, long long now) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st =
      (sql.prepare << "SELECT id FROM quality_complaints WHERE overdue_notified_at = 0 AND due_at < :n "
                      "AND status NOT IN ('answered', 'closed') ORDER BY due_at",
       soci::into(id), soci::use(now));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

bool Repository::claim_overdue(soci::session& sql, long long id, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE quality_complaints SET overdue_notified_at = :n WHERE id = :id "
                      "AND overdue_notified_at = 0 AND due_at < :m AND status NOT IN ('answered', 'closed')",
       soci::use(now), soci::use(id), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Choice> Repository::complaint_choices(soci::session& sql, const ActingFor& scope) {
  Choice c;
  soci::statement st =
      (sql.prepare << "SELECT c.id, c.subject, COALESCE(c.organisation_id, 0) FROM quality_complaints c " +
                          where_of({scope_condition(sql, scope, "c.organisation_id")}) +
                          "ORDER BY c.received_at DESC LIMIT 200",
       soci::into(c.id), soci::into(c.label), soci::into(c.parent_id));
  return fetch_choices(st, c);
}

std::vector<Choice> Repository::dropout_choices(soci::session& sql, const ActingFor& scope) {
  Choice c;
  soci::statement st =
      (sql.prepare << "SELECT a.id, u.name || ' — ' || s.title, p.organiser_id FROM training_applications a "
                      "JOIN users u ON u.id = a.user_id JOIN training_sessions s ON s.id = a.session_id "
                      "JOIN training_programmes p ON p.id = s.programme_id WHERE a.status = 'dropped_out'" +
                          scope_sql(sql, scope, "p.organiser_id") + " ORDER BY a.dropout_at DESC LIMIT 200",
       soci::into(c.id), soci::into(c.label), soci::into(c.parent_id));
  return fetch_choices(st, c);
}

long long Repository::organiser_of_application(soci::session& sql, long long application_id) {
  long long id = 0;
  sql << "SELECT p.organiser_id FROM training_applications a JOIN training_sessions s ON s.id = a.session_id "
         "JOIN training_programmes p ON p.id = s.programme_id WHERE a.id = :id",
      soci::into(id), soci::use(application_id);
  return sql.got_data() ? id : 0;
}

long long Repository::insert_action(soci::session& sql, const ActionInput& in, long long now, long long created_by) {
  long long id = 0;
  sql << "INSERT INTO quality_actions (organisation_id, programme_id, source, complaint_id, application_id, title, "
         "description, owner_id, due_on, status, created_at, created_by) VALUES (:o, NULLIF(:p, 0), :s, NULLIF(:c, 0), "
         "NULLIF(:a, 0), :t, :d, NULLIF(:ow, 0), :du, 'open', :n, :b) RETURNING id",
      soci::use(in.organisation_id), soci::use(in.programme_id), soci::use(in.source), soci::use(in.complaint_id),
      soci::use(in.application_id), soci::use(in.title), soci::use(in.description), soci::use(in.owner_id),
      soci::use(in.due_on), soci::use(now), soci::use(created_by), soci::into(id);
  return id;
}

std::optional<Action> Repository::find_action(soci::session& sql, long long id) {
  Action a;
  sql << std::string(kActionColumns) + "WHERE a.id = :id", Q_ACTION_INTO(a), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

std::vector<Action> Repository::actions(soci::session& sql, const ActingFor& scope, long long offset, long long limit) {
  Action a;
  soci::statement st =
      (sql.prepare << std::string(kActionColumns) + where_of({scope_condition(sql, scope, "a.organisation_id")}) +
                          "ORDER BY CASE WHEN a.status = 'open' THEN 0 ELSE 1 END, a.due_on, a.id DESC "
                          "LIMIT :l OFFSET :o",
       Q_ACTION_INTO(a), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Action> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

std::vector<Action> Repository::actions_of_complaint(soci::session& sql, long long complaint_id) {
  Action a;
  soci::statement st = (sql.prepare << std::string(kActionColumns) + "WHERE a.complaint_id = :c ORDER BY a.id",
                        Q_ACTION_INTO(a), soci::use(complaint_id));
  st.execute();
  std::vector<Action> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

long long Repository::count_actions(soci::session& sql, const ActingFor& scope) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM quality_actions a " +
             where_of({scope_condition(sql, scope, "a.organisation_id")}),
      soci::into(n);
  return n;
}

void Repository::update_action(soci::session& sql, long long id, const std::string& status, const std::string& result,
                               long long done_at) {
  sql << "UPDATE quality_actions SET status = :s, result = :r, done_at = :d WHERE id = :id", soci::use(status),
      soci::use(result), soci::use(done_at), soci::use(id);
}

std::optional<ProgrammeFacts> Repository::programme_facts(soci::session& sql, long long programme_id, long long now) {
  ProgrammeFacts f;
  sql << "SELECT p.id, p.organiser_id, o.name, p.title, p.status, p.price_cents, p.accessibility, "
         "COALESCE(p.disability_referent_id, 0), p.disability_contact, p.objectives, p.teaching_methods, "
         "p.evaluation_methods FROM training_programmes p JOIN organisations o ON o.id = p.organiser_id WHERE p.id = "
         ":id",
      soci::into(f.id), soci::into(f.organiser_id), soci::into(f.organiser_name), soci::into(f.title),
      soci::into(f.status), soci::into(f.price_cents), soci::into(f.accessibility),
      soci::into(f.disability_referent_id), soci::into(f.disability_contact), soci::into(f.objectives),
      soci::into(f.teaching_methods), soci::into(f.evaluation_methods), soci::use(programme_id);
  if (!sql.got_data()) return std::nullopt;
  f.convocation_days = store::setting_int(sql, "trainings.convocation_days", 7);
  const std::string apps =
      "FROM training_applications a JOIN training_sessions s ON s.id = a.session_id "
      "WHERE s.programme_id = :p";
  f.modules = count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM training_modules WHERE programme_id = :p", programme_id);
  f.applications = count(sql, "SELECT CAST(COUNT(*) AS BIGINT) " + apps, programme_id);
  f.with_motivation = count(sql, "SELECT CAST(COUNT(*) AS BIGINT) " + apps + " AND a.motivation <> ''", programme_id);
  f.delay_days_sum = count(sql, "SELECT CAST(COALESCE(SUM(a.access_delay_days), 0) AS BIGINT) " + apps, programme_id);
  f.completed = count(sql, "SELECT CAST(COUNT(*) AS BIGINT) " + apps + " AND a.status = 'completed'", programme_id);
  f.dropped_out = count(sql, "SELECT CAST(COUNT(*) AS BIGINT) " + apps + " AND a.status = 'dropped_out'", programme_id);
  f.interviews_done = count(sql,
                            "SELECT CAST(COUNT(*) AS BIGINT) FROM training_interviews i JOIN training_applications a "
                            "ON a.id = i.application_id JOIN training_sessions s ON s.id = a.session_id "
                            "WHERE s.programme_id = :p AND i.status = 'done'",
                            programme_id);
  const std::string complaints =
      "FROM quality_complaints c WHERE (c.programme_id = :p OR c.session_id IN "
      "(SELECT id FROM training_sessions WHERE programme_id = :p2))";
  sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN c.answered_at > 0 AND c.answered_at <= c.due_at "
         "THEN 1 ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN c.status NOT IN ('answered', 'closed') AND "
         "c.due_at < :n THEN 1 ELSE 0 END), 0) AS BIGINT) " +
             complaints,
      soci::into(f.complaints), soci::into(f.complaints_in_time), soci::into(f.complaints_overdue), soci::use(now),
      soci::use(programme_id), soci::use(programme_id);
  sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0) AS "
         "BIGINT) "
         "FROM quality_actions WHERE programme_id = :p OR (programme_id IS NULL AND organisation_id = :o)",
      soci::into(f.actions), soci::into(f.actions_done), soci::use(programme_id), soci::use(f.organiser_id);
  SessionFacts s;
  soci::statement st =
      (sql.prepare << "SELECT id, title, status, starts_at FROM training_sessions WHERE programme_id = :p "
                      "AND status <> 'cancelled' ORDER BY starts_at",
       soci::into(s.id), soci::into(s.title), soci::into(s.status), soci::into(s.starts_at), soci::use(programme_id));
  st.execute();
  while (st.fetch()) f.sessions.push_back(s);
  for (auto& one : f.sessions) {
    one.trainees = count(sql,
                         "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications WHERE session_id = :s AND "
                         "status IN ('admitted', 'confirmed', 'completed', 'dropped_out')",
                         one.id);
    one.unsent_convocations =
        count(sql,
              "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a WHERE a.session_id = :s AND a.status IN "
              "('confirmed', 'completed') AND NOT EXISTS (SELECT 1 FROM training_documents d WHERE "
              "d.application_id = a.id AND d.kind = 'convocation' AND d.sent_at > 0)",
              one.id);
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_halfdays WHERE session_id = :s AND ends_at < :n "
           "AND sheet_status <> 'locked'",
        soci::into(one.unlocked_halfdays), soci::use(one.id), soci::use(now);
    one.missing_certificates =
        count(sql,
              "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a WHERE a.session_id = :s AND "
              "a.status = 'completed' AND NOT EXISTS (SELECT 1 FROM training_documents d WHERE "
              "d.application_id = a.id AND d.kind = 'certificate')",
              one.id);
  }
  return f;
}

std::vector<TraineeYear> Repository::trainee_years(soci::session& sql, long long organisation_id, long long from,
                                                   long long to) {
  std::vector<TraineeYear> out;
  TraineeYear t;
  soci::statement st =
      (sql.prepare << "SELECT a.id, p.nature, a.trainee_status, a.employer_type, CAST(SUM(h.minutes) AS BIGINT) "
                      "FROM training_attendance t "
                      "JOIN training_halfdays h ON h.id = t.halfday_id "
                      "JOIN training_applications a ON a.id = t.application_id "
                      "JOIN training_sessions s ON s.id = a.session_id "
                      "JOIN training_programmes p ON p.id = s.programme_id "
                      "WHERE p.organiser_id = :o AND t.status = 'present' AND h.starts_at >= :f AND h.starts_at < :t "
                      "GROUP BY a.id, p.nature, a.trainee_status, a.employer_type ORDER BY a.id",
       soci::into(t.application_id), soci::into(t.nature), soci::into(t.trainee_status), soci::into(t.employer_type),
       soci::into(t.minutes), soci::use(organisation_id), soci::use(from), soci::use(to));
  st.execute();
  while (st.fetch()) out.push_back(t);
  for (auto& one : out) {
    std::string funder;
    sql << "SELECT funder FROM training_funding_lines WHERE application_id = :a AND status <> 'refused' "
           "ORDER BY amount_cents DESC, id LIMIT 1",
        soci::into(funder), soci::use(one.application_id);
    one.funder = sql.got_data() ? funder : "";
    std::string f;
    long long due = 0;
    soci::statement lines = (sql.prepare << "SELECT funder, due_cents FROM training_funding_lines "
                                            "WHERE application_id = :a AND status <> 'refused' ORDER BY id",
                             soci::into(f), soci::into(due), soci::use(one.application_id));
    lines.execute();
    while (lines.fetch()) one.lines.emplace_back(f, due);
    long long all = 0;
    sql << "SELECT CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) FROM training_attendance t "
           "JOIN training_halfdays h ON h.id = t.halfday_id WHERE t.application_id = :a AND t.status = 'present'",
        soci::into(all), soci::use(one.application_id);
    one.all_minutes = all;
  }
  return out;
}

}  // namespace trame::quality
