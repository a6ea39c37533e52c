// The referents' onboarding's SQL (repository.hpp).
#include "network_life/onboarding/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::onboarding {

namespace {

// The relais of the network: active social organisations that are an active social relay of some
// organisation, or that have referents.
const char* kIsRelais =
    "o.kind = 'social' AND o.status = 'active' AND (EXISTS (SELECT 1 FROM partnerships p WHERE p.partner_id = o.id "
    "AND p.kind = 'social_relay' AND p.status = 'active') OR EXISTS (SELECT 1 FROM memberships r "
    "WHERE r.organisation_id = o.id AND r.role = 'referent'))";

// The scope as an SQL condition on `o.id` ("1=1" for everyone).
std::string scope_condition(soci::session& sql, const ActingFor& scope) {
  if (scope.all) return "1=1";
  if (scope.none()) return "1=0";
  return "(" + store::in_ids(sql, "o.id", scope.organisations) +
         " OR EXISTS (SELECT 1 FROM partnerships q WHERE q.partner_id = o.id AND q.kind = 'social_relay' "
         "AND q.status = 'active' AND " +
         store::in_ids(sql, "q.organisation_id", scope.organisations) + "))";
}

std::string without_onboarded_where(soci::session& sql, const ActingFor& scope) {
  return std::string(kIsRelais) + " AND " + scope_condition(sql, scope) +
         " AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id "
         "AND m.role = 'referent' AND m.onboarded_on <> '')";
}

std::string onboarded_before_where(soci::session& sql, const ActingFor& scope) {
  return std::string(kIsRelais) + " AND " + scope_condition(sql, scope) +
         " AND m.role = 'referent' AND m.onboarded_on <> '' AND m.onboarded_on < :b";
}

const char* kOnboardedFrom =
    " FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id WHERE ";

}  // namespace

std::vector<long long> Repository::referent_of(soci::session& sql, long long user_id) const {
  std::vector<long long> out;
  long long org = 0;
  soci::statement st = (sql.prepare << "SELECT organisation_id FROM memberships WHERE user_id = :u "
                                       "AND role = 'referent' ORDER BY organisation_id",
                        soci::use(user_id), soci::into(org));
  st.execute();
  while (st.fetch()) out.push_back(org);
  return out;
}

bool Repository::recorded(soci::session& sql, long long user_id, long long relais_id, long long event_id) const {
  long long already = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_onboardings WHERE user_id = :u AND organisation_id = :o "
         "AND event_id = :e",
      soci::use(user_id), soci::use(relais_id), soci::use(event_id), soci::into(already);
  return already != 0;
}

void Repository::insert(soci::session& sql, long long user_id, long long relais_id, long long event_id,
                        const std::string& source, const std::string& day, long long now) const {
  sql << "INSERT INTO life_onboardings (user_id, organisation_id, event_id, source, day, created_at) "
         "VALUES (:u, :o, :e, :s, :d, :t)",
      soci::use(user_id), soci::use(relais_id), soci::use(event_id), soci::use(source), soci::use(day), soci::use(now);
}

bool Repository::covers(soci::session& sql, const ActingFor& scope, long long relais_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o WHERE o.id = :id AND " + scope_condition(sql, scope),
      soci::use(relais_id), soci::into(n);
  return n > 0;
}

std::optional<std::string> Repository::relais_name(soci::session& sql, long long relais_id) const {
  long long id = 0;
  std::string name;
  sql << "SELECT o.id, o.name FROM organisations o WHERE o.id = :id AND " + std::string(kIsRelais),
      soci::use(relais_id), soci::into(id), soci::into(name);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

std::vector<Referent> Repository::referents(soci::session& sql, long long relais_id) const {
  std::vector<Referent> out;
  Referent r;
  soci::statement st = (sql.prepare << "SELECT u.id, u.name, u.email, m.onboarded_on FROM memberships m "
                                       "JOIN users u ON u.id = m.user_id WHERE m.organisation_id = :o "
                                       "AND m.role = 'referent' ORDER BY lower(u.name), u.id LIMIT 500",
                        soci::use(relais_id), soci::into(r.user_id), soci::into(r.name), soci::into(r.email),
                        soci::into(r.onboarded_on));
  st.execute();
  while (st.fetch()) out.push_back(r);
  for (auto& x : out) {
    sql << "SELECT day, event_id FROM life_onboardings WHERE user_id = :u AND organisation_id = :o "
           "ORDER BY day DESC, id DESC LIMIT 1",
        soci::use(x.user_id), soci::use(relais_id), soci::into(x.workshop_day), soci::into(x.event_id);
    if (!sql.got_data()) {
      x.workshop_day.clear();
      x.event_id = 0;
    }
  }
  return out;
}

long long Repository::history_count(soci::session& sql, long long relais_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_onboardings WHERE organisation_id = :o", soci::use(relais_id),
      soci::into(n);
  return n;
}

std::vector<HistoryRow> Repository::history(soci::session& sql, long long relais_id, long long limit,
                                            long long offset) const {
  std::vector<HistoryRow> out;
  HistoryRow h;
  soci::statement hs = (sql.prepare << "SELECT u.name, l.day, l.event_id FROM life_onboardings l "
                                       "JOIN users u ON u.id = l.user_id WHERE l.organisation_id = :o "
                                       "ORDER BY l.day DESC, l.id DESC LIMIT :l OFFSET :f",
                        soci::use(relais_id), soci::use(limit), soci::use(offset), soci::into(h.name),
                        soci::into(h.day), soci::into(h.event_id));
  hs.execute();
  while (hs.fetch()) out.push_back(h);
  return out;
}

long long Repository::count_without_onboarded(soci::session& sql, const ActingFor& scope) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o WHERE " + without_onboarded_where(sql, scope),
      soci::into(n);
  return n;
}

std::vector<RelaisRow> Repository::without_onboarded(soci::session& sql, const ActingFor& scope, long long limit,
                                                     long long offset) const {
  std::vector<RelaisRow> out;
  RelaisRow r;
  soci::statement st =
      (sql.prepare << "SELECT o.id, o.name, (SELECT CAST(COUNT(*) AS BIGINT) FROM memberships c "
                      "WHERE c.organisation_id = o.id AND c.role = 'referent') FROM organisations o WHERE " +
                          without_onboarded_where(sql, scope) + " ORDER BY lower(o.name), o.id LIMIT :l OFFSET :f",
       soci::use(limit), soci::use(offset), soci::into(r.id), soci::into(r.name), soci::into(r.referents));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

long long Repository::count_onboarded_before(soci::session& sql, const ActingFor& scope,
                                             const std::string& before) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT)" + std::string(kOnboardedFrom) + onboarded_before_where(sql, scope),
      soci::use(before), soci::into(n);
  return n;
}

std::vector<OldRow> Repository::onboarded_before(soci::session& sql, const ActingFor& scope, const std::string& before,
                                                 long long limit, long long offset) const {
  std::vector<OldRow> out;
  OldRow r;
  soci::statement st =
      (sql.prepare << "SELECT u.id, u.name, o.id, o.name, m.onboarded_on" + std::string(kOnboardedFrom) +
                          onboarded_before_where(sql, scope) +
                          " ORDER BY m.onboarded_on, lower(u.name), m.id LIMIT :l OFFSET :f",
       soci::use(before), soci::use(limit), soci::use(offset), soci::into(r.user_id), soci::into(r.name),
       soci::into(r.relais_id), soci::into(r.relais_name), soci::into(r.onboarded_on));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

}  // namespace trame::onboarding
