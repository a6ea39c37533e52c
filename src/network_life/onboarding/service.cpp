#include "network_life/onboarding/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/store/settings.hpp"

namespace trame::onboarding {

// ------------------------------------------------------------------------------------------ rules

bool onboards(const events::Attended& a) {
  return a.kind == kWorkshopKind && a.user_id > 0 && parse_date(a.day).has_value();
}

std::string years_before(const std::string& today, long long years) {
  auto d = parse_date(today);
  if (!d) return today;
  Date back{d->year - static_cast<int>(years), d->month, d->day};
  if (back.month == 2 && back.day == 29) back.day = 28;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", back.year, back.month, back.day);
  return buf;
}

long long valid_years_of(const std::string& setting) {
  if (setting.empty() || setting.size() > 2 || setting.find_first_not_of("0123456789") != std::string::npos)
    return kDefaultValidYears;
  long long n = std::stoll(setting);
  return n >= 1 && n <= 50 ? n : kDefaultValidYears;
}

namespace {

std::string ids_list(const std::vector<long long>& ids) {
  std::string out;
  for (long long id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out.empty() ? "0" : out;
}

// The relais of the network: active social organisations that are an active social relay of some
// organisation, or that have referents.
const char* kIsRelais =
    "o.kind = 'social' AND o.status = 'active' AND (EXISTS (SELECT 1 FROM partnerships p WHERE p.partner_id = o.id "
    "AND p.kind = 'social_relay' AND p.status = 'active') OR EXISTS (SELECT 1 FROM memberships r "
    "WHERE r.organisation_id = o.id AND r.role = 'referent'))";

}  // namespace

// ------------------------------------------------------------------------------------ the listener

long long Service::record_attended(soci::session& sql, const Actor& actor, const events::Attended& a) {
  if (!onboards(a)) return 0;
  std::vector<long long> relais;
  if (a.organisation_id > 0) {
    relais.push_back(a.organisation_id);
  } else {
    long long org = 0;
    soci::statement st = (sql.prepare << "SELECT organisation_id FROM memberships WHERE user_id = :u "
                                         "AND role = 'referent' ORDER BY organisation_id",
                          soci::use(a.user_id), soci::into(org));
    st.execute();
    while (st.fetch()) relais.push_back(org);
  }
  long long done = 0;
  long long now = store::now_seconds();
  for (long long org : relais) {
    if (!bookings_.record_onboarding_in(sql, actor, a.user_id, org, a.day)) continue;
    long long already = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_onboardings WHERE user_id = :u AND organisation_id = :o "
           "AND event_id = :e",
        soci::use(a.user_id), soci::use(org), soci::use(a.event_id), soci::into(already);
    if (already) continue;
    std::string source = kWorkshopKind;
    sql << "INSERT INTO life_onboardings (user_id, organisation_id, event_id, source, day, created_at) "
           "VALUES (:u, :o, :e, :s, :d, :t)",
        soci::use(a.user_id), soci::use(org), soci::use(a.event_id), soci::use(source), soci::use(a.day),
        soci::use(now);
    audit_.record(sql, actor, "onboarding.recorded", "user:" + std::to_string(a.user_id),
                  "relais " + std::to_string(org) + ", atelier d'appropriation (événement " +
                      std::to_string(a.event_id) + ") du " + a.day);
    ++done;
  }
  return done;
}

// ------------------------------------------------------------------------------------------ access

std::string Service::relais_scope(const Principal& me) const {
  if (me.is_admin()) return "1=1";
  ActingFor m = me.acting_for(perm::network_life_manage);
  if (m.all) return "1=1";
  if (m.none()) return "1=0";
  std::string ids = ids_list(m.organisations);
  return "(o.id IN (" + ids +
         ") OR EXISTS (SELECT 1 FROM partnerships q WHERE q.partner_id = o.id AND q.kind = 'social_relay' "
         "AND q.status = 'active' AND q.organisation_id IN (" +
         ids + ")))";
}

bool Service::may_manage(const Principal& me, long long relais_id) {
  if (me.is_admin()) return true;
  std::string scope = relais_scope(me);
  if (scope == "1=0") return false;
  return db_.read([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o WHERE o.id = :id AND " + scope, soci::use(relais_id),
        soci::into(n);
    return n > 0;
  });
}

long long Service::valid_years() {
  return db_.read([&](soci::session& sql) { return valid_years_of(store::setting(sql, kValidYearsSetting)); });
}

// ------------------------------------------------------------------------------------------- pages

std::optional<RelaisView> Service::relais(const Principal& me, long long relais_id, long long page) {
  bool member = std::any_of(me.memberships.begin(), me.memberships.end(),
                            [&](const Membership& m) { return m.organisation_id == relais_id; });
  bool manages = may_manage(me, relais_id);
  if (!member && !manages) return std::nullopt;
  return db_.read([&](soci::session& sql) -> std::optional<RelaisView> {
    RelaisView v;
    long long n = 0;
    sql << "SELECT o.id, o.name FROM organisations o WHERE o.id = :id AND " + std::string(kIsRelais),
        soci::use(relais_id), soci::into(v.id), soci::into(v.name);
    if (!sql.got_data()) return std::nullopt;
    v.manages = manages;
    Referent r;
    soci::statement st = (sql.prepare << "SELECT u.id, u.name, u.email, m.onboarded_on FROM memberships m "
                                         "JOIN users u ON u.id = m.user_id WHERE m.organisation_id = :o "
                                         "AND m.role = 'referent' ORDER BY lower(u.name), u.id LIMIT 500",
                          soci::use(relais_id), soci::into(r.user_id), soci::into(r.name), soci::into(r.email),
                          soci::into(r.onboarded_on));
    st.execute();
    while (st.fetch()) v.referents.push_back(r);
    for (auto& x : v.referents) {
      sql << "SELECT day, event_id FROM life_onboardings WHERE user_id = :u AND organisation_id = :o "
             "ORDER BY day DESC, id DESC LIMIT 1",
          soci::use(x.user_id), soci::use(relais_id), soci::into(x.workshop_day), soci::into(x.event_id);
      if (!sql.got_data()) {
        x.workshop_day.clear();
        x.event_id = 0;
      }
    }
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_onboardings WHERE organisation_id = :o", soci::use(relais_id),
        soci::into(n);
    v.history_total = n;
    long long offset = (std::max<long long>(page, 1) - 1) * kPerPage, limit = kPerPage;
    HistoryRow h;
    soci::statement hs = (sql.prepare << "SELECT u.name, l.day, l.event_id FROM life_onboardings l "
                                         "JOIN users u ON u.id = l.user_id WHERE l.organisation_id = :o "
                                         "ORDER BY l.day DESC, l.id DESC LIMIT :l OFFSET :f",
                          soci::use(relais_id), soci::use(limit), soci::use(offset), soci::into(h.name),
                          soci::into(h.day), soci::into(h.event_id));
    hs.execute();
    while (hs.fetch()) v.history.push_back(h);
    return v;
  });
}

std::optional<Page<RelaisRow>> Service::without_onboarded(const Principal& me, long long page) {
  if (!coordinates(me)) return std::nullopt;
  std::string where = std::string(kIsRelais) + " AND " + relais_scope(me) +
                      " AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id "
                      "AND m.role = 'referent' AND m.onboarded_on <> '')";
  return db_.read([&](soci::session& sql) {
    Page<RelaisRow> out;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o WHERE " + where, soci::into(out.total);
    long long offset = (std::max<long long>(page, 1) - 1) * kPerPage, limit = kPerPage;
    RelaisRow r;
    soci::statement st =
        (sql.prepare << "SELECT o.id, o.name, (SELECT CAST(COUNT(*) AS BIGINT) FROM memberships c "
                        "WHERE c.organisation_id = o.id AND c.role = 'referent') FROM organisations o WHERE " +
                            where + " ORDER BY lower(o.name), o.id LIMIT :l OFFSET :f",
         soci::use(limit), soci::use(offset), soci::into(r.id), soci::into(r.name), soci::into(r.referents));
    st.execute();
    while (st.fetch()) out.items.push_back(r);
    return out;
  });
}

std::optional<Page<OldRow>> Service::grown_old(const Principal& me, long long page, std::string& before) {
  if (!coordinates(me)) return std::nullopt;
  before = years_before(local_day(store::now_seconds()), valid_years());
  std::string where = std::string(kIsRelais) + " AND " + relais_scope(me) +
                      " AND m.role = 'referent' AND m.onboarded_on <> '' AND m.onboarded_on < :b";
  const std::string from =
      " FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id WHERE ";
  return db_.read([&](soci::session& sql) {
    Page<OldRow> out;
    sql << "SELECT CAST(COUNT(*) AS BIGINT)" + from + where, soci::use(before), soci::into(out.total);
    long long offset = (std::max<long long>(page, 1) - 1) * kPerPage, limit = kPerPage;
    OldRow r;
    soci::statement st =
        (sql.prepare << "SELECT u.id, u.name, o.id, o.name, m.onboarded_on" + from + where +
                            " ORDER BY m.onboarded_on, lower(u.name), m.id LIMIT :l OFFSET :f",
         soci::use(before), soci::use(limit), soci::use(offset), soci::into(r.user_id), soci::into(r.name),
         soci::into(r.relais_id), soci::into(r.relais_name), soci::into(r.onboarded_on));
    st.execute();
    while (st.fetch()) out.items.push_back(r);
    return out;
  });
}

// -------------------------------------------------------------------------------------------- demo

void Service::load_demo(const Actor&) {
  // Nothing to fake: the events demo records the demo referent's presence at an atelier d'appropriation
  // through its service, and record_attended (the listener) onboards them.
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::onboarding
