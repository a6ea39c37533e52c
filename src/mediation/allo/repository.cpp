// SQL of « Allô l'Artiste ! » (see repository.hpp).
#include "mediation/allo/repository.hpp"

#include <map>

#include "platform/store/bytes.hpp"
#include "platform/store/row.hpp"

namespace trame::mediation::allo {

namespace {

constexpr const char* kShowColumns =
    "SELECT s.id, s.artist_id, COALESCE(u.name, ''), COALESCE(u.email, ''), s.title, s.discipline, s.language, "
    "s.description, s.duration_minutes, s.sample_name, s.sample_type, s.sample_size, s.status, s.created_at "
    "FROM allo_shows s LEFT JOIN users u ON u.id = s.artist_id ";

Show show_of(const soci::row& r) {
  Show s;
  int i = 0;
  s.id = store::as_id(r, i++);
  s.artist_id = store::as_id(r, i++);
  s.artist_name = store::as_text(r, i++);
  s.artist_email = store::as_text(r, i++);
  s.title = store::as_text(r, i++);
  s.discipline = store::as_text(r, i++);
  s.language = store::as_text(r, i++);
  s.description = store::as_text(r, i++);
  s.duration_minutes = store::as_id(r, i++);
  s.sample_name = store::as_text(r, i++);
  s.sample_type = store::as_text(r, i++);
  s.sample_size = store::as_id(r, i++);
  s.status = store::as_text(r, i++);
  s.created_at = store::as_id(r, i++);
  return s;
}

constexpr const char* kSlotColumns =
    "SELECT t.id, t.day, t.hour, t.starts_at, t.show_id, s.title, s.language, s.discipline, s.description, "
    "s.duration_minutes, s.artist_id, COALESCE(u.name, ''), COALESCE(u.email, ''), t.bridge_number, t.bridge_pin, "
    "t.capacity, t.registered, t.listeners_count, t.remarks, t.reported_at, t.cancelled_at, t.cancel_reason FROM "
    "allo_slots t JOIN allo_shows s ON "
    "s.id = t.show_id LEFT JOIN users u ON u.id = s.artist_id ";

Slot slot_of(const soci::row& r) {
  Slot t;
  int i = 0;
  t.id = store::as_id(r, i++);
  t.day = store::as_text(r, i++);
  t.hour = static_cast<int>(store::as_id(r, i++));
  t.starts_at = store::as_id(r, i++);
  t.show_id = store::as_id(r, i++);
  t.show_title = store::as_text(r, i++);
  t.show_language = store::as_text(r, i++);
  t.show_discipline = store::as_text(r, i++);
  t.show_description = store::as_text(r, i++);
  t.show_duration = store::as_id(r, i++);
  t.artist_id = store::as_id(r, i++);
  t.artist_name = store::as_text(r, i++);
  t.artist_email = store::as_text(r, i++);
  t.bridge_number = store::as_text(r, i++);
  t.bridge_pin = store::as_text(r, i++);
  t.capacity = store::as_id(r, i++);
  t.registered = store::as_id(r, i++);
  t.listeners_count = store::as_id(r, i++);
  t.remarks = store::as_text(r, i++);
  t.reported_at = store::as_id(r, i++);
  t.cancelled_at = store::as_id(r, i++);
  t.cancel_reason = store::as_text(r, i++);
  return t;
}

constexpr const char* kListenerColumns =
    "SELECT l.id, l.slot_id, l.code, l.organisation_id, COALESCE(o.name, ''), l.referent_id, COALESCE(u.email, ''), "
    "l.language, l.status, l.created_at, l.reminded_at FROM allo_listeners l LEFT JOIN organisations o ON o.id = "
    "l.organisation_id LEFT JOIN users u ON u.id = l.referent_id ";

Listener listener_of(const soci::row& r) {
  Listener l;
  int i = 0;
  l.id = store::as_id(r, i++);
  l.slot_id = store::as_id(r, i++);
  l.code = store::as_text(r, i++);
  l.organisation_id = store::as_id(r, i++);
  l.organisation_name = store::as_text(r, i++);
  l.referent_id = store::as_id(r, i++);
  l.referent_email = store::as_text(r, i++);
  l.language = store::as_text(r, i++);
  l.status = store::as_text(r, i++);
  l.created_at = store::as_id(r, i++);
  l.reminded_at = store::as_id(r, i++);
  return l;
}

std::string page_clause(int limit, int offset) {
  return " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset);
}

std::vector<StatLine> stat_lines(soci::session& sql, const std::string& query, const std::string& from,
                                 const std::string& to) {
  std::vector<StatLine> out;
  soci::rowset<soci::row> rs = (sql.prepare << query, soci::use(from), soci::use(to));
  for (const auto& r : rs) {
    StatLine l;
    l.key = store::as_text(r, 0);
    l.label = store::as_text(r, 1);
    l.slots = store::as_id(r, 2);
    l.registered = store::as_id(r, 3);
    l.reported = store::as_id(r, 4);
    out.push_back(l);
  }
  return out;
}

}  // namespace

// ---- Shows

long long Repository::insert_show(soci::session& sql, const Show& s, const std::string& sample, long long now) const {
  long long id = 0;
  std::string hex = store::to_hex(sample);
  sql << "INSERT INTO allo_shows (artist_id, title, discipline, language, duration_minutes, description, "
         "sample_name, sample_type, sample_size, sample, created_at, updated_at) VALUES (:a, :t, :d, :l, :m, :de, "
         ":sn, :st, :ss, decode(:hex, 'hex'), :n, :n2) RETURNING id",
      soci::use(s.artist_id), soci::use(s.title), soci::use(s.discipline), soci::use(s.language),
      soci::use(s.duration_minutes), soci::use(s.description), soci::use(s.sample_name), soci::use(s.sample_type),
      soci::use(s.sample_size), soci::use(hex), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

std::optional<Show> Repository::show(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kShowColumns) + "WHERE s.id = :id", soci::use(id));
  for (const auto& r : rs) return show_of(r);
  return std::nullopt;
}

std::string Repository::sample(soci::session& sql, long long id) const {
  std::string hex;
  sql << "SELECT encode(sample, 'hex') FROM allo_shows WHERE id = :id", soci::use(id), soci::into(hex);
  if (!sql.got_data()) return "";
  return store::from_hex(hex);
}

std::vector<Show> Repository::shows(soci::session& sql, long long artist_id, const std::string& status, int limit,
                                    int offset) const {
  std::vector<Show> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kShowColumns) +
                          "WHERE (:a = 0 OR s.artist_id = :a2) AND (:st = '' OR s.status = :st2) ORDER BY "
                          "CASE s.status WHEN 'proposed' THEN 0 ELSE 1 END, s.created_at DESC, s.id DESC" +
                          page_clause(limit, offset),
       soci::use(artist_id), soci::use(artist_id), soci::use(status), soci::use(status));
  for (const auto& r : rs) out.push_back(show_of(r));
  return out;
}

long long Repository::count_shows(soci::session& sql, long long artist_id, const std::string& status) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM allo_shows s WHERE (:a = 0 OR s.artist_id = :a2) AND (:st = '' OR s.status = :st2)",
      soci::use(artist_id), soci::use(artist_id), soci::use(status), soci::use(status), soci::into(n);
  return n;
}

bool Repository::decide(soci::session& sql, long long id, const std::string& status, long long by,
                        long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE allo_shows SET status = :s, decided_by = :b, decided_at = :n, "
                      "updated_at = :n2 WHERE id = :id AND status <> :s2 AND status <> 'withdrawn'",
       soci::use(status), soci::use(by), soci::use(now), soci::use(now), soci::use(id), soci::use(status));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::update_show(soci::session& sql, const Show& s, const std::string* sample, const std::string& status,
                             long long now) const {
  std::string hex = sample ? store::to_hex(*sample) : std::string();
  int with_sample = sample ? 1 : 0;
  soci::statement st =
      (sql.prepare << "UPDATE allo_shows SET title = :t, discipline = :d, language = :l, duration_minutes = :m, "
                      "description = :de, sample_name = CASE WHEN :w = 1 THEN :sn ELSE sample_name END, sample_type = "
                      "CASE WHEN :w2 = 1 THEN :st ELSE sample_type END, sample_size = CASE WHEN :w3 = 1 THEN :ss ELSE "
                      "sample_size END, sample = CASE WHEN :w4 = 1 THEN decode(:hex, 'hex') ELSE sample END, "
                      "updated_at = :n WHERE id = :id AND artist_id = :a AND status = :status",
       soci::use(s.title), soci::use(s.discipline), soci::use(s.language), soci::use(s.duration_minutes),
       soci::use(s.description), soci::use(with_sample), soci::use(s.sample_name), soci::use(with_sample),
       soci::use(s.sample_type), soci::use(with_sample), soci::use(s.sample_size), soci::use(with_sample),
       soci::use(hex), soci::use(now), soci::use(s.id), soci::use(s.artist_id), soci::use(status));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::withdraw_show(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE allo_shows SET status = 'withdrawn', updated_at = :n WHERE id = :id "
                                       "AND status IN ('proposed', 'accepted')",
                        soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

long long Repository::future_slots(soci::session& sql, long long show_id, long long now) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM allo_slots WHERE show_id = :s AND cancelled_at = 0 AND starts_at > :n",
      soci::use(show_id), soci::use(now), soci::into(n);
  return n;
}

// ---- Availabilities

bool Repository::add_availability(soci::session& sql, long long artist_id, const std::string& day, int hour,
                                  long long now) const {
  if (available(sql, artist_id, day, hour)) return false;
  sql << "INSERT INTO allo_availabilities (artist_id, day, hour, created_at) VALUES (:a, :d, :h, :n)",
      soci::use(artist_id), soci::use(day), soci::use(hour), soci::use(now);
  return true;
}

bool Repository::remove_availability(soci::session& sql, long long artist_id, long long id) const {
  soci::statement st = (sql.prepare << "DELETE FROM allo_availabilities WHERE id = :id AND artist_id = :a",
                        soci::use(id), soci::use(artist_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Availability> Repository::availabilities(soci::session& sql, long long artist_id,
                                                     const std::string& from_day, int limit) const {
  std::vector<Availability> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id, artist_id, day, hour FROM allo_availabilities WHERE artist_id = :a AND day >= :d "
                      "ORDER BY day, hour LIMIT " +
                          std::to_string(limit),
       soci::use(artist_id), soci::use(from_day));
  for (const auto& r : rs)
    out.push_back({store::as_id(r, 0), store::as_id(r, 1), store::as_text(r, 2), static_cast<int>(store::as_id(r, 3))});
  return out;
}

bool Repository::available(soci::session& sql, long long artist_id, const std::string& day, int hour) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM allo_availabilities WHERE artist_id = :a AND day = :d AND hour = :h",
      soci::use(artist_id), soci::use(day), soci::use(hour), soci::into(n);
  return n > 0;
}

std::vector<Show> Repository::available_shows(soci::session& sql, const std::string& day, int hour) const {
  std::vector<Show> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kShowColumns) +
                          "WHERE s.status = 'accepted' AND EXISTS (SELECT 1 FROM allo_availabilities a WHERE "
                          "a.artist_id = s.artist_id AND a.day = :d AND a.hour = :h) ORDER BY s.title, s.id LIMIT 200",
       soci::use(day), soci::use(hour));
  for (const auto& r : rs) out.push_back(show_of(r));
  return out;
}

// ---- Slots

long long Repository::insert_slot(soci::session& sql, const Slot& s, long long by, long long now) const {
  if (slot_taken(sql, s.day, s.hour)) return 0;
  long long id = 0;
  sql << "INSERT INTO allo_slots (day, hour, starts_at, show_id, bridge_number, bridge_pin, capacity, created_by, "
         "created_at, updated_at) VALUES (:d, :h, :s, :sh, :b, :p, :c, :by, :n, :n2) RETURNING id",
      soci::use(s.day), soci::use(s.hour), soci::use(s.starts_at), soci::use(s.show_id), soci::use(s.bridge_number),
      soci::use(s.bridge_pin), soci::use(s.capacity), soci::use(by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

bool Repository::slot_taken(soci::session& sql, const std::string& day, int hour) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM allo_slots WHERE day = :d AND hour = :h AND cancelled_at = 0", soci::use(day),
      soci::use(hour), soci::into(n);
  return n > 0;
}

std::optional<Slot> Repository::slot(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kSlotColumns) + "WHERE t.id = :id", soci::use(id));
  for (const auto& r : rs) return slot_of(r);
  return std::nullopt;
}

std::vector<Slot> Repository::slots_between(soci::session& sql, const std::string& from, const std::string& to) const {
  std::vector<Slot> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kSlotColumns) + "WHERE t.day >= :f AND t.day <= :t ORDER BY t.day, t.hour",
       soci::use(from), soci::use(to));
  for (const auto& r : rs) out.push_back(slot_of(r));
  return out;
}

std::vector<Slot> Repository::artist_slots(soci::session& sql, long long artist_id, int limit, int offset) const {
  std::vector<Slot> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kSlotColumns) + "WHERE s.artist_id = :a ORDER BY t.starts_at DESC, t.id DESC" +
                          page_clause(limit, offset),
       soci::use(artist_id));
  for (const auto& r : rs) out.push_back(slot_of(r));
  return out;
}

long long Repository::count_artist_slots(soci::session& sql, long long artist_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM allo_slots t JOIN allo_shows s ON s.id = t.show_id WHERE s.artist_id = :a",
      soci::use(artist_id), soci::into(n);
  return n;
}

bool Repository::take_place(soci::session& sql, long long slot_id) const {
  soci::statement st = (sql.prepare << "UPDATE allo_slots SET registered = registered + 1 WHERE id = :id AND "
                                       "registered + 1 <= capacity",
                        soci::use(slot_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::free_place(soci::session& sql, long long slot_id) const {
  sql << "UPDATE allo_slots SET registered = registered - 1 WHERE id = :id AND registered > 0", soci::use(slot_id);
}

bool Repository::cancel_slot(soci::session& sql, long long slot_id, const std::string& reason, long long by,
                             long long now) const {
  soci::statement st = (sql.prepare << "UPDATE allo_slots SET cancelled_at = :n, cancelled_by = :b, cancel_reason = "
                                       ":r, updated_at = :n2 WHERE id = :id AND cancelled_at = 0",
                        soci::use(now), soci::use(by), soci::use(reason), soci::use(now), soci::use(slot_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::update_slot(soci::session& sql, const Slot& s, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE allo_slots SET show_id = :sh, bridge_number = :b, bridge_pin = :p, capacity = :c, "
                      "updated_at = :n WHERE id = :id AND cancelled_at = 0 AND registered <= :c2",
       soci::use(s.show_id), soci::use(s.bridge_number), soci::use(s.bridge_pin), soci::use(s.capacity), soci::use(now),
       soci::use(s.id), soci::use(s.capacity));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<ReferentListeners> Repository::referents_of(soci::session& sql, long long slot_id) const {
  std::vector<ReferentListeners> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT l.referent_id, COALESCE(u.email, ''), CAST(COUNT(*) AS BIGINT) FROM allo_listeners l "
                      "LEFT JOIN users u ON u.id = l.referent_id WHERE l.slot_id = :s AND l.status = 'registered' "
                      "GROUP BY l.referent_id, u.email ORDER BY l.referent_id LIMIT 1000",
       soci::use(slot_id));
  for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_text(r, 1), store::as_id(r, 2)});
  return out;
}

void Repository::report(soci::session& sql, long long slot_id, long long count, const std::string& remarks,
                        long long now) const {
  sql << "UPDATE allo_slots SET listeners_count = :c, remarks = :r, reported_at = :n, updated_at = :n2 WHERE id = :id",
      soci::use(count), soci::use(remarks), soci::use(now), soci::use(now), soci::use(slot_id);
}

// ---- Listeners

long long Repository::insert_listener(soci::session& sql, const Listener& l, long long now) const {
  long long taken = 0;
  sql << "SELECT COUNT(*) FROM allo_listeners WHERE code = :c", soci::use(l.code), soci::into(taken);
  if (taken) return 0;
  long long id = 0;
  sql << "INSERT INTO allo_listeners (slot_id, code, organisation_id, referent_id, language, created_at) VALUES "
         "(:s, :c, :o, :r, :l, :n) RETURNING id",
      soci::use(l.slot_id), soci::use(l.code), soci::use(l.organisation_id), soci::use(l.referent_id),
      soci::use(l.language), soci::use(now), soci::into(id);
  return id;
}

std::optional<Listener> Repository::listener(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kListenerColumns) + "WHERE l.id = :id", soci::use(id));
  for (const auto& r : rs) return listener_of(r);
  return std::nullopt;
}

std::vector<Listener> Repository::listeners(soci::session& sql, long long slot_id, long long referent_id) const {
  std::vector<Listener> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kListenerColumns) +
                          "WHERE l.slot_id = :s AND l.status = 'registered' AND (:r = 0 OR l.referent_id = :r2) "
                          "ORDER BY l.id LIMIT 1000",
       soci::use(slot_id), soci::use(referent_id), soci::use(referent_id));
  for (const auto& r : rs) out.push_back(listener_of(r));
  return out;
}

bool Repository::cancel_listener(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE allo_listeners SET status = 'cancelled', cancelled_at = :n WHERE id = "
                                       ":id AND status = 'registered'",
                        soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<std::pair<long long, long long>> Repository::due_reminders(soci::session& sql, long long now,
                                                                       long long until) const {
  std::vector<std::pair<long long, long long>> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT DISTINCT l.referent_id, l.slot_id FROM allo_listeners l JOIN allo_slots t ON t.id = "
                      "l.slot_id WHERE l.status = 'registered' AND l.reminded_at = 0 AND t.cancelled_at = 0 AND "
                      "t.starts_at > :n AND "
                      "t.starts_at <= :u ORDER BY l.slot_id, l.referent_id LIMIT 500",
       soci::use(now), soci::use(until));
  for (const auto& r : rs) out.emplace_back(store::as_id(r, 0), store::as_id(r, 1));
  return out;
}

long long Repository::claim_reminders(soci::session& sql, long long slot_id, long long referent_id,
                                      long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE allo_listeners SET reminded_at = :n WHERE slot_id = :s AND referent_id = :r AND "
                      "status = 'registered' AND reminded_at = 0",
       soci::use(now), soci::use(slot_id), soci::use(referent_id));
  st.execute(true);
  return st.get_affected_rows();
}

// ---- Statistics

std::vector<StatLine> Repository::stats_by_month(soci::session& sql, const std::string& from,
                                                 const std::string& to) const {
  return stat_lines(sql,
                    "SELECT substr(t.day, 1, 7), substr(t.day, 1, 7), CAST(COUNT(*) AS BIGINT), "
                    "CAST(SUM(t.registered) AS BIGINT), CAST(SUM(CASE WHEN t.listeners_count > 0 THEN "
                    "t.listeners_count ELSE 0 END) AS BIGINT) FROM allo_slots t WHERE t.cancelled_at = 0 AND t.day >= "
                    ":f AND t.day <= :t "
                    "GROUP BY substr(t.day, 1, 7) ORDER BY 1",
                    from, to);
}

std::vector<StatLine> Repository::stats_by_language(soci::session& sql, const std::string& from,
                                                    const std::string& to) const {
  // Slots and reported listeners by the show's language; registered listeners by the language they asked for.
  auto shows = stat_lines(sql,
                          "SELECT s.language, s.language, CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT), "
                          "CAST(SUM(CASE WHEN t.listeners_count > 0 THEN t.listeners_count ELSE 0 END) AS BIGINT) "
                          "FROM allo_slots t JOIN allo_shows s ON s.id = t.show_id WHERE t.cancelled_at = 0 AND "
                          "t.day >= :f AND t.day <= :t GROUP BY s.language",
                          from, to);
  auto wished = stat_lines(sql,
                           "SELECT l.language, l.language, CAST(0 AS BIGINT), CAST(COUNT(*) AS BIGINT), "
                           "CAST(0 AS BIGINT) FROM allo_listeners l JOIN allo_slots t ON t.id = l.slot_id WHERE "
                           "l.status = 'registered' AND t.cancelled_at = 0 AND t.day >= :f AND t.day <= :t GROUP BY "
                           "l.language",
                           from, to);
  std::map<std::string, StatLine> merged;
  for (const auto& l : shows) merged[l.key] = l;
  for (const auto& l : wished) {
    auto& m = merged[l.key];
    m.key = l.key;
    m.label = l.label;
    m.registered = l.registered;
  }
  std::vector<StatLine> out;
  out.reserve(merged.size());
  for (auto& entry : merged) out.push_back(entry.second);
  return out;
}

std::vector<StatLine> Repository::stats_by_relais(soci::session& sql, const std::string& from,
                                                  const std::string& to) const {
  return stat_lines(
      sql,
      "SELECT CAST(o.id AS TEXT), o.name, CAST(COUNT(DISTINCT l.slot_id) AS BIGINT), "
      "CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT) FROM allo_listeners l JOIN allo_slots t ON t.id = "
      "l.slot_id JOIN organisations o ON o.id = l.organisation_id WHERE l.status = 'registered' AND "
      "t.cancelled_at = 0 AND t.day >= :f AND t.day <= :t GROUP BY o.id, o.name ORDER BY o.name LIMIT 500",
      from, to);
}

// ---- Elsewhere

std::optional<std::string> Repository::user_email(soci::session& sql, long long user_id) const {
  std::string email;
  sql << "SELECT email FROM users WHERE id = :id", soci::use(user_id), soci::into(email);
  if (!sql.got_data()) return std::nullopt;
  return email;
}

bool Repository::organisation_active(soci::session& sql, long long id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM organisations WHERE id = :id AND status = 'active'", soci::use(id), soci::into(n);
  return n > 0;
}

}  // namespace trame::mediation::allo
