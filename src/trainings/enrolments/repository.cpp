#include "trainings/enrolments/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::enrolments {

namespace {

const char* kApplicationSelect =
    "SELECT a.id, a.session_id, a.user_id, u.name, u.email, a.status, a.sector, COALESCE(a.organisation_id, 0), "
    "COALESCE(o.name, a.organisation_name), a.job_role, a.motivation, a.project, a.funding_intended, "
    "a.adaptation_request, a.requested_at, a.access_delay_days, a.early_request, a.decision_reason, a.decided_at, "
    "a.waiting_since, a.confirmed_at, a.withdrawn_at, a.dropout_cause, s.title, p.title, s.starts_at, a.phone, "
    "a.trainee_status, a.employer_type "
    "FROM training_applications a JOIN users u ON u.id = a.user_id "
    "JOIN training_sessions s ON s.id = a.session_id JOIN training_programmes p ON p.id = s.programme_id "
    "LEFT JOIN organisations o ON o.id = a.organisation_id ";

#define TRAME_APPLICATION_INTO(a)                                                                                  \
  soci::into((a).id), soci::into((a).session_id), soci::into((a).user_id), soci::into((a).user_name),              \
      soci::into((a).user_email), soci::into((a).status), soci::into((a).sector), soci::into((a).organisation_id), \
      soci::into((a).organisation_name), soci::into((a).job_role), soci::into((a).motivation),                     \
      soci::into((a).project), soci::into((a).funding_intended), soci::into((a).adaptation_request),               \
      soci::into((a).requested_at), soci::into((a).access_delay_days), soci::into((a).early_request),              \
      soci::into((a).decision_reason), soci::into((a).decided_at), soci::into((a).waiting_since),                  \
      soci::into((a).confirmed_at), soci::into((a).withdrawn_at), soci::into((a).dropout_cause),                   \
      soci::into((a).session_title), soci::into((a).programme_title), soci::into((a).starts_at),                   \
      soci::into((a).phone), soci::into((a).trainee_status), soci::into((a).employer_type)

const char* kInterviewSelect =
    "SELECT id, application_id, scheduled_at, minutes, place, status, interviewer_id, note_motivation, note_project, "
    "note_availability, note_funding, note_adaptation, recommendation, created_at, answered_at "
    "FROM training_interviews ";

#define TRAME_INTERVIEW_INTO(i)                                                                                       \
  soci::into((i).id), soci::into((i).application_id), soci::into((i).scheduled_at), soci::into((i).minutes),          \
      soci::into((i).place), soci::into((i).status), soci::into((i).interviewer_id), soci::into((i).note_motivation), \
      soci::into((i).note_project), soci::into((i).note_availability), soci::into((i).note_funding),                  \
      soci::into((i).note_adaptation), soci::into((i).recommendation), soci::into((i).created_at),                    \
      soci::into((i).answered_at)

const char* kLineSelect =
    "SELECT id, application_id, funder, funder_name, amount_cents, minutes_covered, agreement_ref, status, due_cents "
    "FROM training_funding_lines ";

#define TRAME_LINE_INTO(l)                                                                                 \
  soci::into((l).id), soci::into((l).application_id), soci::into((l).funder), soci::into((l).funder_name), \
      soci::into((l).amount_cents), soci::into((l).minutes_covered), soci::into((l).agreement_ref),        \
      soci::into((l).status), soci::into((l).due_cents)

bool affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace

long long Repository::open_applications(soci::session& sql, long long session_id, long long user_id) {
  long long open = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications WHERE session_id = :s AND user_id = :u "
         "AND status NOT IN ('withdrawn','refused')",
      soci::into(open), soci::use(session_id), soci::use(user_id);
  return open;
}

std::optional<SessionInfo> Repository::session(soci::session& sql, long long session_id) {
  SessionInfo s;
  sql << "SELECT s.id, s.programme_id, p.organiser_id, s.title, p.title, o.name, s.status, s.starts_at, s.ends_at, "
         "s.application_deadline, s.max_trainees, s.seats_taken, p.price_cents, COALESCE(p.disability_referent_id, 0) "
         "FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
         "JOIN organisations o ON o.id = p.organiser_id WHERE s.id = :id",
      soci::into(s.id), soci::into(s.programme_id), soci::into(s.organiser_id), soci::into(s.title),
      soci::into(s.programme_title), soci::into(s.organiser_name), soci::into(s.status), soci::into(s.starts_at),
      soci::into(s.ends_at), soci::into(s.application_deadline), soci::into(s.max_trainees), soci::into(s.seats_taken),
      soci::into(s.price_cents), soci::into(s.disability_referent_id), soci::use(session_id);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

std::optional<long long> Repository::user_by_email(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

std::optional<KnownAccount> Repository::account_by_email(soci::session& sql, const std::string& email) {
  KnownAccount a;
  sql << "SELECT id, name, disabled FROM users WHERE lower(email) = lower(:e)", soci::into(a.id), soci::into(a.name),
      soci::into(a.disabled), soci::use(email);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

long long Repository::insert_user(soci::session& sql, const std::string& email, const std::string& name,
                                  long long now) {
  long long id = 0;
  sql << "INSERT INTO users (email, name, locale, password_hash, created_at, password_changed_at) "
         "VALUES (:e, :n, 'fr', '', :c, 0) RETURNING id",
      soci::use(email), soci::use(name), soci::use(now), soci::into(id);
  return id;
}

void Repository::insert_password_link(soci::session& sql, long long user_id, const std::string& token_hash,
                                      long long now, long long expires) {
  sql << "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES (:u, :h, :a, :e)",
      soci::use(user_id), soci::use(token_hash), soci::use(now), soci::use(expires);
}

std::vector<std::string> Repository::staff_emails(soci::session& sql, long long organiser_id) {
  std::vector<std::string> out;
  std::string email;
  soci::statement st = (sql.prepare << "SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id "
                                       "WHERE m.organisation_id = :o AND m.role = 'training_staff' AND u.disabled = 0 "
                                       "ORDER BY u.email",
                        soci::into(email), soci::use(organiser_id));
  st.execute();
  while (st.fetch()) out.push_back(email);
  return out;
}

std::vector<std::pair<long long, std::string>> Repository::organisations(soci::session& sql) {
  std::vector<std::pair<long long, std::string>> out;
  long long id = 0;
  std::string name;
  soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' "
                                       "ORDER BY lower(name) LIMIT 2000",
                        soci::into(id), soci::into(name));
  st.execute();
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}

std::string Repository::organisation_name(soci::session& sql, long long id) {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id AND status = 'active'", soci::into(name), soci::use(id);
  return sql.got_data() ? name : std::string();
}

long long Repository::insert_application(soci::session& sql, const Application& a) {
  long long id = 0;
  soci::indicator org_ind = a.organisation_id ? soci::i_ok : soci::i_null;
  long long org = a.organisation_id;
  sql << "INSERT INTO training_applications (session_id, user_id, status, sector, organisation_id, organisation_name, "
         "job_role, motivation, project, funding_intended, adaptation_request, requested_at, access_delay_days, "
         "early_request, created_at, updated_at, phone, trainee_status, employer_type) VALUES (:s, :u, 'submitted', "
         ":sec, :o, :on, :j, :m, :p, :f, :ad, :r, :d, :e, :c, :up, :ph, :ts, :et) RETURNING id",
      soci::use(a.session_id), soci::use(a.user_id), soci::use(a.sector), soci::use(org, org_ind),
      soci::use(a.organisation_name), soci::use(a.job_role), soci::use(a.motivation), soci::use(a.project),
      soci::use(a.funding_intended), soci::use(a.adaptation_request), soci::use(a.requested_at),
      soci::use(a.access_delay_days), soci::use(a.early_request), soci::use(a.requested_at), soci::use(a.requested_at),
      soci::use(a.phone), soci::use(a.trainee_status), soci::use(a.employer_type), soci::into(id);
  return id;
}

bool Repository::set_trainee_status(soci::session& sql, long long id, const std::string& status,
                                    const std::string& employer_type, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_applications SET trainee_status = :s, employer_type = :e, "
                                       "updated_at = :n WHERE id = :id",
                        soci::use(status), soci::use(employer_type), soci::use(now), soci::use(id));
  return affected(st);
}

std::optional<Application> Repository::application(soci::session& sql, long long id) {
  Application a;
  sql << std::string(kApplicationSelect) + "WHERE a.id = :id", TRAME_APPLICATION_INTO(a), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

std::vector<Application> Repository::applications_of_user(soci::session& sql, long long user_id, long long offset,
                                                          long long limit) {
  std::vector<Application> out;
  Application a;
  soci::statement st = (sql.prepare << std::string(kApplicationSelect) +
                                           "WHERE a.user_id = :u ORDER BY a.requested_at DESC, a.id DESC "
                                           "LIMIT :l OFFSET :o",
                        TRAME_APPLICATION_INTO(a), soci::use(user_id), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(a);
  return out;
}

long long Repository::count_of_user(soci::session& sql, long long user_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications WHERE user_id = :u", soci::into(n),
      soci::use(user_id);
  return n;
}

std::vector<Application> Repository::applications_of_session(soci::session& sql, long long session_id,
                                                             const std::string& status, long long offset,
                                                             long long limit) {
  std::vector<Application> out;
  Application a;
  soci::statement st = (sql.prepare << std::string(kApplicationSelect) +
                                           "WHERE a.session_id = :s AND (:st = '' OR a.status = :st2) "
                                           "ORDER BY a.requested_at, a.id LIMIT :l OFFSET :o",
                        TRAME_APPLICATION_INTO(a), soci::use(session_id), soci::use(status), soci::use(status),
                        soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(a);
  return out;
}

long long Repository::count_of_session(soci::session& sql, long long session_id, const std::string& status) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications WHERE session_id = :s AND (:st = '' OR "
         "status = :st2)",
      soci::into(n), soci::use(session_id), soci::use(status), soci::use(status);
  return n;
}

std::vector<StatusCount> Repository::status_counts(soci::session& sql, long long session_id) {
  std::vector<StatusCount> out;
  StatusCount c;
  soci::statement st = (sql.prepare << "SELECT status, CAST(COUNT(*) AS BIGINT) FROM training_applications "
                                       "WHERE session_id = :s GROUP BY status",
                        soci::into(c.status), soci::into(c.count), soci::use(session_id));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

namespace {

// The applications to handle in the scope: WHERE conditions without parameters (ids are numbers).
std::string to_handle_where(soci::session& sql, const ActingFor& scope) {
  std::string where = "WHERE a.status IN ('submitted', 'interview') AND s.status NOT IN ('cancelled', 'completed') ";
  if (!scope.all) where += "AND " + store::in_ids(sql, "p.organiser_id", scope.organisations) + " ";
  return where;
}

}  // namespace

std::vector<Application> Repository::to_handle(soci::session& sql, const ActingFor& scope, long long limit) {
  std::vector<Application> out;
  if (scope.none()) return out;
  Application a;
  soci::statement st = (sql.prepare << std::string(kApplicationSelect) + to_handle_where(sql, scope) +
                                           "ORDER BY a.requested_at, a.id LIMIT :l",
                        TRAME_APPLICATION_INTO(a), soci::use(limit));
  st.execute();
  while (st.fetch()) out.push_back(a);
  return out;
}

long long Repository::count_to_handle(soci::session& sql, const ActingFor& scope) {
  if (scope.none()) return 0;
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications a JOIN training_sessions s ON s.id = a.session_id "
         "JOIN training_programmes p ON p.id = s.programme_id " +
             to_handle_where(sql, scope),
      soci::into(n);
  return n;
}

bool Repository::move(soci::session& sql, long long id, const std::string& from, const std::string& to, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_applications SET status = :t, updated_at = :n "
                                       "WHERE id = :id AND status = :f",
                        soci::use(to), soci::use(now), soci::use(id), soci::use(from));
  return affected(st);
}

bool Repository::decide(soci::session& sql, long long id, const std::string& from, const std::string& to,
                        const std::string& reason, long long by, long long now) {
  long long waiting_since = to == "waiting" ? now : 0;
  soci::statement st =
      (sql.prepare << "UPDATE training_applications SET status = :t, decision_reason = :r, decided_at = :n, "
                      "decided_by = :b, waiting_since = :w, updated_at = :n2 WHERE id = :id AND status = :f",
       soci::use(to), soci::use(reason), soci::use(now), soci::use(by), soci::use(waiting_since), soci::use(now),
       soci::use(id), soci::use(from));
  return affected(st);
}

bool Repository::withdraw(soci::session& sql, long long id, const std::string& from, const std::string& reason,
                          long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_applications SET status = 'withdrawn', withdrawn_at = :n, "
                                       "decision_reason = :r, updated_at = :n2 WHERE id = :id AND status = :f",
                        soci::use(now), soci::use(reason), soci::use(now), soci::use(id), soci::use(from));
  return affected(st);
}

bool Repository::confirm(soci::session& sql, long long id, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_applications SET status = 'confirmed', confirmed_at = :n, "
                                       "updated_at = :n2 WHERE id = :id AND status = 'admitted'",
                        soci::use(now), soci::use(now), soci::use(id));
  return affected(st);
}

bool Repository::drop_out(soci::session& sql, long long id, long long at, const std::string& cause,
                          const std::string& detail, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_applications SET status = 'dropped_out', dropout_at = :a, "
                                       "dropout_cause = :c, dropout_detail = :d, updated_at = :n "
                                       "WHERE id = :id AND status IN ('admitted', 'confirmed')",
                        soci::use(at), soci::use(cause), soci::use(detail), soci::use(now), soci::use(id));
  return affected(st);
}

long long Repository::session_by_titles(soci::session& sql, const std::string& programme, const std::string& session) {
  long long id = 0;
  sql << "SELECT s.id FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
         "WHERE p.title = :p AND s.title = :s ORDER BY s.id LIMIT 1",
      soci::into(id), soci::use(programme), soci::use(session);
  return sql.got_data() ? id : 0;
}

std::vector<long long> Repository::active_organisations(soci::session& sql, const std::string& kind, long long limit) {
  std::vector<long long> ids(static_cast<std::size_t>(limit));
  sql << "SELECT id FROM organisations WHERE kind = :k AND status = 'active' ORDER BY id LIMIT :l", soci::into(ids),
      soci::use(kind), soci::use(limit);
  return ids;
}

bool Repository::take_seat(soci::session& sql, long long session_id, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_sessions SET seats_taken = seats_taken + 1, updated_at = :n "
                                       "WHERE id = :id AND seats_taken < max_trainees",
                        soci::use(now), soci::use(session_id));
  return affected(st);
}

bool Repository::release_seat(soci::session& sql, long long session_id, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_sessions SET seats_taken = seats_taken - 1, updated_at = :n "
                                       "WHERE id = :id AND seats_taken > 0",
                        soci::use(now), soci::use(session_id));
  return affected(st);
}

std::optional<long long> Repository::oldest_waiting(soci::session& sql, long long session_id) {
  long long id = 0;
  sql << "SELECT id FROM training_applications WHERE session_id = :s AND status = 'waiting' "
         "ORDER BY waiting_since, id LIMIT 1",
      soci::into(id), soci::use(session_id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

std::vector<long long> Repository::sessions_to_promote(soci::session& sql) {
  // A seat released by a withdrawal (an application that held a seat: decided, not from the waiting list)
  // after someone started waiting, and not yet handed over (no automatic admission since).
  std::vector<long long> out;
  long long id = 0;
  soci::statement st =
      (sql.prepare
           << "SELECT s.id FROM training_sessions s WHERE s.status IN ('open','confirmed','running') "
              "AND s.seats_taken < s.max_trainees AND EXISTS (SELECT 1 FROM training_applications x "
              "WHERE x.session_id = s.id AND x.status = 'withdrawn' AND x.decided_at > 0 AND x.waiting_since = 0 "
              "AND x.withdrawn_at >= (SELECT MIN(w.waiting_since) FROM training_applications w WHERE w.session_id = "
              "s.id "
              "AND w.status = 'waiting') "
              "AND x.withdrawn_at > COALESCE((SELECT MAX(p.decided_at) FROM training_applications p WHERE p.session_id "
              "= s.id "
              "AND p.decided_by = 0 AND p.waiting_since = 0 AND p.decided_at > 0), 0)) ORDER BY s.id",
       soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

long long Repository::insert_interview(soci::session& sql, const Interview& i) {
  long long id = 0;
  sql << "INSERT INTO training_interviews (application_id, scheduled_at, minutes, place, status, interviewer_id, "
         "created_at) VALUES (:a, :s, :m, :p, 'proposed', :i, :c) RETURNING id",
      soci::use(i.application_id), soci::use(i.scheduled_at), soci::use(i.minutes), soci::use(i.place),
      soci::use(i.interviewer_id), soci::use(i.created_at), soci::into(id);
  return id;
}

std::optional<Interview> Repository::interview(soci::session& sql, long long id) {
  Interview i;
  sql << std::string(kInterviewSelect) + "WHERE id = :id", TRAME_INTERVIEW_INTO(i), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return i;
}

std::vector<Interview> Repository::interviews_of(soci::session& sql, long long application_id) {
  std::vector<Interview> out;
  Interview i;
  soci::statement st =
      (sql.prepare << std::string(kInterviewSelect) + "WHERE application_id = :a ORDER BY scheduled_at, id LIMIT 50",
       TRAME_INTERVIEW_INTO(i), soci::use(application_id));
  st.execute();
  while (st.fetch()) out.push_back(i);
  return out;
}

bool Repository::answer_interview(soci::session& sql, long long id, const std::string& to, long long now) {
  soci::statement st = (sql.prepare << "UPDATE training_interviews SET status = :t, answered_at = :n "
                                       "WHERE id = :id AND status = 'proposed'",
                        soci::use(to), soci::use(now), soci::use(id));
  return affected(st);
}

bool Repository::save_notes(soci::session& sql, long long id, const InterviewNotes& n, long long by) {
  soci::statement st =
      (sql.prepare
           << "UPDATE training_interviews SET note_motivation = :m, note_project = :p, "
              "note_availability = :a, note_funding = :f, note_adaptation = :ad, recommendation = :r, "
              "status = 'done', interviewer_id = :b WHERE id = :id AND status IN ('proposed','confirmed','done')",
       soci::use(n.motivation), soci::use(n.project), soci::use(n.availability), soci::use(n.funding),
       soci::use(n.adaptation), soci::use(n.recommendation), soci::use(by), soci::use(id));
  return affected(st);
}

long long Repository::insert_line(soci::session& sql, const FundingLine& l, long long now) {
  long long id = 0;
  sql << "INSERT INTO training_funding_lines (application_id, funder, funder_name, amount_cents, minutes_covered, "
         "agreement_ref, status, due_cents, created_at, updated_at) VALUES (:a, :f, :fn, :am, :m, :r, :s, 0, :c, :u) "
         "RETURNING id",
      soci::use(l.application_id), soci::use(l.funder), soci::use(l.funder_name), soci::use(l.amount_cents),
      soci::use(l.minutes_covered), soci::use(l.agreement_ref), soci::use(l.status), soci::use(now), soci::use(now),
      soci::into(id);
  return id;
}

bool Repository::update_line(soci::session& sql, const FundingLine& l, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE training_funding_lines SET funder = :f, funder_name = :fn, amount_cents = :am, "
                      "minutes_covered = :m, agreement_ref = :r, status = :s, updated_at = :u WHERE id = :id",
       soci::use(l.funder), soci::use(l.funder_name), soci::use(l.amount_cents), soci::use(l.minutes_covered),
       soci::use(l.agreement_ref), soci::use(l.status), soci::use(now), soci::use(l.id));
  return affected(st);
}

std::optional<FundingLine> Repository::line(soci::session& sql, long long id) {
  FundingLine l;
  sql << std::string(kLineSelect) + "WHERE id = :id", TRAME_LINE_INTO(l), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return l;
}

std::vector<FundingLine> Repository::lines_of(soci::session& sql, long long application_id) {
  std::vector<FundingLine> out;
  FundingLine l;
  soci::statement st = (sql.prepare << std::string(kLineSelect) + "WHERE application_id = :a ORDER BY id LIMIT 50",
                        TRAME_LINE_INTO(l), soci::use(application_id));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

long long Repository::amount_of_others(soci::session& sql, long long application_id, long long except_line) {
  long long n = 0;
  sql << "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM training_funding_lines "
         "WHERE application_id = :a AND id <> :l AND status <> 'refused'",
      soci::into(n), soci::use(application_id), soci::use(except_line);
  return n;
}

}  // namespace trame::enrolments
