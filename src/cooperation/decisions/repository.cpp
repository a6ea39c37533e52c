#include "cooperation/decisions/repository.hpp"

#include <sstream>

namespace trame::decisions {

namespace {

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

const char* kTypeSelect =
    "SELECT id, code, rule, positions, uses_options, min_options, max_value, default_reasons FROM "
    "cooperation_decision_types ";

std::vector<Type> fetch_types(soci::session& sql, const std::string& where, const std::string& code) {
  Type t;
  std::string positions;
  int uses = 0;
  soci::statement st = (sql.prepare << std::string(kTypeSelect) + where, soci::into(t.id), soci::into(t.code),
                        soci::into(t.rule), soci::into(positions), soci::into(uses), soci::into(t.min_options),
                        soci::into(t.max_value), soci::into(t.default_reasons), soci::use(code));
  st.execute();
  std::vector<Type> out;
  while (st.fetch()) {
    t.positions = split(positions);
    t.uses_options = uses != 0;
    out.push_back(t);
  }
  return out;
}

const char* kDecisionSelect =
    "SELECT d.id, d.project_id, d.meeting_id, d.type, d.title, d.details, d.status, d.reasons, d.closes_at, "
    "d.quorum_kind, d.quorum_value, d.anonymous, d.allowance, d.rank_count, d.opened_by, o.name, d.created_at, "
    "d.updated_at, d.closed_at, d.closed_by, d.outcome_statement, d.outcome_option_id, d.outcome_verdict, "
    "d.decided_by, COALESCE(w.name, ''), d.decided_at, d.review_on, d.review_sent_at, d.cancelled_at "
    "FROM cooperation_decisions d JOIN users o ON o.id = d.opened_by LEFT JOIN users w ON w.id = d.decided_by ";

struct DecisionRow {
  Decision d;
  int anonymous = 0;
};

#define TRAME_DECISION_INTO(r)                                                                                     \
  soci::into((r).d.id), soci::into((r).d.project_id), soci::into((r).d.meeting_id), soci::into((r).d.type),        \
      soci::into((r).d.title), soci::into((r).d.details), soci::into((r).d.status), soci::into((r).d.reasons),     \
      soci::into((r).d.closes_at), soci::into((r).d.quorum_kind), soci::into((r).d.quorum_value),                  \
      soci::into((r).anonymous), soci::into((r).d.allowance), soci::into((r).d.rank_count),                        \
      soci::into((r).d.opened_by), soci::into((r).d.opened_by_name), soci::into((r).d.created_at),                 \
      soci::into((r).d.updated_at), soci::into((r).d.closed_at), soci::into((r).d.closed_by),                      \
      soci::into((r).d.outcome_statement), soci::into((r).d.outcome_option_id), soci::into((r).d.outcome_verdict), \
      soci::into((r).d.decided_by), soci::into((r).d.decided_by_name), soci::into((r).d.decided_at),               \
      soci::into((r).d.review_on), soci::into((r).d.review_sent_at), soci::into((r).d.cancelled_at)

template <class... Uses>
std::vector<Decision> fetch_decisions(soci::session& sql, const std::string& where, Uses&&... uses) {
  DecisionRow r;
  soci::statement st =
      ((sql.prepare << std::string(kDecisionSelect) + where, TRAME_DECISION_INTO(r)), ..., std::forward<Uses>(uses));
  st.execute();
  std::vector<Decision> out;
  while (st.fetch()) {
    r.d.anonymous = r.anonymous != 0;
    out.push_back(r.d);
  }
  return out;
}

const char* kBallotSelect =
    "SELECT b.id, b.decision_id, b.user_id, COALESCE(u.name, ''), b.stance, b.reason, b.harm, b.resolved_at, "
    "b.updated_at FROM cooperation_decision_ballots b LEFT JOIN users u ON u.id = b.user_id AND b.user_id <> 0 ";

template <class... Uses>
std::vector<Ballot> fetch_ballots(soci::session& sql, const std::string& where, Uses&&... uses) {
  Ballot b;
  std::vector<Ballot> out;
  {
    soci::statement st =
        ((sql.prepare << std::string(kBallotSelect) + where, soci::into(b.id), soci::into(b.decision_id),
          soci::into(b.user_id), soci::into(b.voter_name), soci::into(b.stance), soci::into(b.reason),
          soci::into(b.harm), soci::into(b.resolved_at), soci::into(b.updated_at)),
         ..., std::forward<Uses>(uses));
    st.execute();
    while (st.fetch()) out.push_back(b);
  }
  for (auto& ballot : out) {
    Value v;
    soci::statement st = (sql.prepare << "SELECT v.option_id, v.value FROM cooperation_decision_values v JOIN "
                                         "cooperation_decision_options o ON o.id = v.option_id WHERE v.ballot_id = "
                                         ":b ORDER BY o.position",
                          soci::into(v.option_id), soci::into(v.value), soci::use(ballot.id));
    st.execute();
    while (st.fetch()) ballot.values.push_back(v);
  }
  return out;
}

}  // namespace

std::vector<Type> Repository::types(soci::session& sql) const {
  return fetch_types(sql, "WHERE code <> :c ORDER BY sort_order, id", std::string());
}

std::optional<Type> Repository::type(soci::session& sql, const std::string& code) const {
  auto list = fetch_types(sql, "WHERE code = :c", code);
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::optional<Decision> Repository::decision(soci::session& sql, long long id) const {
  auto list = fetch_decisions(sql, "WHERE d.id = :id", soci::use(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<Decision> Repository::page(soci::session& sql, long long project_id, bool closed, long long offset,
                                       long long limit) const {
  if (!closed)
    return fetch_decisions(sql,
                           "WHERE d.project_id = :p AND d.status = 'open' ORDER BY d.closes_at, d.id LIMIT :l "
                           "OFFSET :o",
                           soci::use(project_id), soci::use(limit), soci::use(offset));
  return fetch_decisions(sql,
                         "WHERE d.project_id = :p AND d.status <> 'open' ORDER BY CASE WHEN d.closed_at > 0 THEN "
                         "d.closed_at ELSE d.cancelled_at END DESC, d.id DESC LIMIT :l OFFSET :o",
                         soci::use(project_id), soci::use(limit), soci::use(offset));
}

long long Repository::count(soci::session& sql, long long project_id, bool closed) const {
  long long n = 0;
  std::string status = "open";
  if (closed)
    sql << "SELECT COUNT(*) FROM cooperation_decisions WHERE project_id = :p AND status <> :s", soci::into(n),
        soci::use(project_id), soci::use(status);
  else
    sql << "SELECT COUNT(*) FROM cooperation_decisions WHERE project_id = :p AND status = :s", soci::into(n),
        soci::use(project_id), soci::use(status);
  return n;
}

std::vector<Decision> Repository::of_project(soci::session& sql, long long project_id) const {
  return fetch_decisions(sql, "WHERE d.project_id = :p ORDER BY d.created_at DESC, d.id DESC", soci::use(project_id));
}

long long Repository::insert(soci::session& sql, const Decision& d, const std::string& salt) const {
  long long id = 0;
  int anonymous = d.anonymous ? 1 : 0;
  sql << "INSERT INTO cooperation_decisions (project_id, meeting_id, type, title, details, status, reasons, "
         "closes_at, quorum_kind, quorum_value, anonymous, ballot_salt, allowance, rank_count, opened_by, created_at, "
         "updated_at) VALUES (:p, :m, :t, :ti, :de, 'open', :r, :c, :qk, :qv, :a, :salt, :al, :rc, :ob, :ca, :ua) "
         "RETURNING id",
      soci::use(d.project_id), soci::use(d.meeting_id), soci::use(d.type), soci::use(d.title), soci::use(d.details),
      soci::use(d.reasons), soci::use(d.closes_at), soci::use(d.quorum_kind), soci::use(d.quorum_value),
      soci::use(anonymous), soci::use(salt), soci::use(d.allowance), soci::use(d.rank_count), soci::use(d.opened_by),
      soci::use(d.created_at), soci::use(d.created_at), soci::into(id);
  return id;
}

std::string Repository::salt(soci::session& sql, long long id) const {
  std::string salt;
  sql << "SELECT ballot_salt FROM cooperation_decisions WHERE id = :id", soci::into(salt), soci::use(id);
  return salt;
}

bool Repository::close(soci::session& sql, long long id, long long by, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE cooperation_decisions SET status = 'closed', closed_at = :n, "
                                       "closed_by = :b, ballot_salt = '', updated_at = :n2 WHERE id = :id AND "
                                       "status = 'open'",
                        soci::use(now), soci::use(by), soci::use(now), soci::use(id));
  st.execute(true);
  if (st.get_affected_rows() == 0) return false;
  // Anonymous ballots: the voter key goes with the salt (ballot ids are unique, so are the new keys).
  sql << "UPDATE cooperation_decision_ballots SET voter_key = 'closed-' || CAST(id AS TEXT) WHERE decision_id = :d "
         "AND user_id = 0",
      soci::use(id);
  return true;
}

bool Repository::hold_open(soci::session& sql, long long id) const {
  soci::statement st = (sql.prepare << "UPDATE cooperation_decisions SET updated_at = updated_at WHERE id = :id AND "
                                       "status = 'open'",
                        soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void Repository::set_outcome(soci::session& sql, const Decision& d) const {
  sql << "UPDATE cooperation_decisions SET outcome_statement = :s, outcome_option_id = :o, outcome_verdict = :v, "
         "decided_by = :b, decided_at = :a, review_on = :r, updated_at = :u WHERE id = :id",
      soci::use(d.outcome_statement), soci::use(d.outcome_option_id), soci::use(d.outcome_verdict),
      soci::use(d.decided_by), soci::use(d.decided_at), soci::use(d.review_on), soci::use(d.decided_at),
      soci::use(d.id);
}

bool Repository::cancel(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE cooperation_decisions SET status = 'cancelled', cancelled_at = :n, "
                                       "ballot_salt = '', updated_at = :n2 WHERE id = :id AND status = 'open'",
                        soci::use(now), soci::use(now), soci::use(id));
  st.execute(true);
  if (st.get_affected_rows() == 0) return false;
  sql << "UPDATE cooperation_decision_ballots SET voter_key = 'closed-' || CAST(id AS TEXT) WHERE decision_id = :d "
         "AND user_id = 0",
      soci::use(id);
  return true;
}

std::vector<long long> Repository::due_to_close(soci::session& sql, long long now) const {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM cooperation_decisions WHERE status = 'open' AND closes_at <= "
                                       ":n ORDER BY id",
                        soci::into(id), soci::use(now));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<long long> Repository::due_for_review(soci::session& sql, const std::string& today) const {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM cooperation_decisions WHERE status = 'closed' AND decided_at > "
                                       "0 AND review_on <> '' AND review_on <= :t AND review_sent_at = 0 ORDER BY id",
                        soci::into(id), soci::use(today));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

bool Repository::mark_reviewed(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE cooperation_decisions SET review_sent_at = :n WHERE id = :id AND "
                                       "review_sent_at = 0",
                        soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<Option> Repository::options(soci::session& sql, long long decision_id) const {
  std::vector<Option> out;
  Option o;
  soci::statement st = (sql.prepare << "SELECT id, decision_id, position, label, starts_at FROM "
                                       "cooperation_decision_options WHERE decision_id = :d ORDER BY position",
                        soci::into(o.id), soci::into(o.decision_id), soci::into(o.position), soci::into(o.label),
                        soci::into(o.starts_at), soci::use(decision_id));
  st.execute();
  while (st.fetch()) out.push_back(o);
  return out;
}

void Repository::insert_option(soci::session& sql, const Option& o) const {
  sql << "INSERT INTO cooperation_decision_options (decision_id, position, label, starts_at) VALUES (:d, :p, :l, :s)",
      soci::use(o.decision_id), soci::use(o.position), soci::use(o.label), soci::use(o.starts_at);
}

std::optional<Ballot> Repository::ballot_of(soci::session& sql, long long decision_id,
                                            const std::string& voter_key) const {
  auto list =
      fetch_ballots(sql, "WHERE b.decision_id = :d AND b.voter_key = :k", soci::use(decision_id), soci::use(voter_key));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::optional<Ballot> Repository::ballot(soci::session& sql, long long id) const {
  auto list = fetch_ballots(sql, "WHERE b.id = :id", soci::use(id));
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<Ballot> Repository::ballots(soci::session& sql, long long decision_id) const {
  return fetch_ballots(sql, "WHERE b.decision_id = :d ORDER BY b.id", soci::use(decision_id));
}

long long Repository::save_ballot(soci::session& sql, long long decision_id, const std::string& voter_key,
                                  const Ballot& b, long long now) const {
  // Anonymous ballots (user_id 0) keep no time: it could be matched with who was signed in then.
  long long at = b.user_id ? now : 0;
  long long id = 0;
  sql << "SELECT id FROM cooperation_decision_ballots WHERE decision_id = :d AND voter_key = :k", soci::into(id),
      soci::use(decision_id), soci::use(voter_key);
  if (sql.got_data()) {
    sql << "UPDATE cooperation_decision_ballots SET stance = :s, reason = :r, harm = :h, resolved_at = 0, "
           "updated_at = :u WHERE id = :id",
        soci::use(b.stance), soci::use(b.reason), soci::use(b.harm), soci::use(at), soci::use(id);
    sql << "DELETE FROM cooperation_decision_values WHERE ballot_id = :b", soci::use(id);
  } else {
    sql << "INSERT INTO cooperation_decision_ballots (decision_id, voter_key, user_id, stance, reason, harm, "
           "created_at, updated_at) VALUES (:d, :k, :u, :s, :r, :h, :c, :up) RETURNING id",
        soci::use(decision_id), soci::use(voter_key), soci::use(b.user_id), soci::use(b.stance), soci::use(b.reason),
        soci::use(b.harm), soci::use(at), soci::use(at), soci::into(id);
  }
  for (const auto& v : b.values)
    sql << "INSERT INTO cooperation_decision_values (ballot_id, option_id, value) VALUES (:b, :o, :v)", soci::use(id),
        soci::use(v.option_id), soci::use(v.value);
  return id;
}

bool Repository::resolve(soci::session& sql, long long ballot_id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE cooperation_decision_ballots SET resolved_at = :n WHERE id = :id AND "
                                       "stance = 'object' AND resolved_at = 0",
                        soci::use(now), soci::use(ballot_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

long long Repository::eligible(soci::session& sql, long long project_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM cooperation_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = :p AND "
         "m.role IN ('facilitator','member') AND u.disabled = 0",
      soci::into(n), soci::use(project_id);
  return n;
}

std::vector<Repository::Recipient> Repository::members(soci::session& sql, long long project_id) const {
  std::vector<Recipient> out;
  Recipient r;
  soci::statement st = (sql.prepare << "SELECT u.id, u.name, u.email FROM cooperation_members m JOIN users u ON u.id "
                                       "= m.user_id WHERE m.project_id = :p AND u.disabled = 0 ORDER BY u.id",
                        soci::into(r.user_id), soci::into(r.name), soci::into(r.email), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

bool Repository::has_meetings(soci::session& sql) const {
  long long n = 0;
  std::string table = "cooperation_meetings";
  if (sql.get_backend_name() == "sqlite3")
    sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t", soci::into(n), soci::use(table);
  else
    sql << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = :t",
        soci::into(n), soci::use(table);
  return n > 0;
}

std::vector<std::pair<long long, std::string>> Repository::meetings(soci::session& sql, long long project_id) const {
  std::vector<std::pair<long long, std::string>> out;
  if (!has_meetings(sql)) return out;
  long long id = 0;
  std::string title;
  soci::statement st = (sql.prepare << "SELECT id, title FROM cooperation_meetings WHERE project_id = :p ORDER BY "
                                       "starts_at DESC, id DESC",
                        soci::into(id), soci::into(title), soci::use(project_id));
  st.execute();
  while (st.fetch()) out.emplace_back(id, title);
  return out;
}

}  // namespace trame::decisions
