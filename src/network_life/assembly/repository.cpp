#include "network_life/assembly/repository.hpp"
#include "platform/store/id_list.hpp"
#include "platform/store/row_lock.hpp"

namespace trame::assembly {

namespace {

const char* kSelect =
    "SELECT a.id, a.organiser_id, o.name, a.kind, a.title, a.starts_at, a.ends_at, a.place, a.video_url, "
    "a.member_year, a.notice_sent_at, a.notice_sent_by, a.notice_count, a.published_at, a.published_by, "
    "a.created_by, u.name, u.email, a.created_at, a.updated_at "
    "FROM life_assemblies a JOIN organisations o ON o.id = a.organiser_id JOIN users u ON u.id = a.created_by ";

#define TRAME_ASSEMBLY_INTO(a)                                                                            \
  soci::into((a).id), soci::into((a).organiser_id), soci::into((a).organiser_name), soci::into((a).kind), \
      soci::into((a).title), soci::into((a).starts_at), soci::into((a).ends_at), soci::into((a).place),   \
      soci::into((a).video_url), soci::into((a).member_year), soci::into((a).notice_sent_at),             \
      soci::into((a).notice_sent_by), soci::into((a).notice_count), soci::into((a).published_at),         \
      soci::into((a).published_by), soci::into((a).created_by), soci::into((a).created_by_name),          \
      soci::into((a).created_by_email), soci::into((a).created_at), soci::into((a).updated_at)

const char* kResolutionSelect =
    "SELECT id, assembly_id, position, title, body, majority, votes_for, votes_against, votes_abstain, result, "
    "voted_at FROM life_assembly_resolutions ";

#define TRAME_RESOLUTION_INTO(r)                                                                                \
  soci::into((r).id), soci::into((r).assembly_id), soci::into((r).position), soci::into((r).title),             \
      soci::into((r).body), soci::into((r).majority), soci::into((r).votes_for), soci::into((r).votes_against), \
      soci::into((r).votes_abstain), soci::into((r).result), soci::into((r).voted_at)

const char* kAttendanceSelect =
    "SELECT t.organisation_id, o.name, t.status, t.holder_id, COALESCE(h.name, ''), t.recorded_by, t.recorded_at "
    "FROM life_assembly_attendance t JOIN organisations o ON o.id = t.organisation_id "
    "LEFT JOIN organisations h ON h.id = t.holder_id ";

#define TRAME_ATTENDANCE_INTO(t)                                                              \
  soci::into((t).organisation_id), soci::into((t).organisation_name), soci::into((t).status), \
      soci::into((t).holder_id), soci::into((t).holder_name), soci::into((t).recorded_by), soci::into((t).recorded_at)

}  // namespace

std::optional<Assembly> Repository::find(soci::session& sql, long long id) const {
  Assembly a;
  sql << std::string(kSelect) + "WHERE a.id = :id", TRAME_ASSEMBLY_INTO(a), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return a;
}

namespace {

// The condition on a.* for what the reader sees (ids are our own integers).
std::string where_visible(soci::session& sql, const Visible& v) {
  if (v.all) return "1 = 1";
  return "(" + store::in_ids(sql, "a.organiser_id", v.organisers) + " OR " +
         store::in_ids(sql, "a.member_year", v.years) + ")";
}

}  // namespace

std::vector<Assembly> Repository::list(soci::session& sql, const Visible& visible, int limit, int offset) const {
  Assembly a;
  soci::statement st = (sql.prepare << std::string(kSelect) + "WHERE " + where_visible(sql, visible) +
                                           " ORDER BY a.starts_at DESC, a.id DESC LIMIT :l OFFSET :o",
                        TRAME_ASSEMBLY_INTO(a), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Assembly> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

long long Repository::count(soci::session& sql, const Visible& visible) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_assemblies a WHERE " + where_visible(sql, visible), soci::into(n);
  return n;
}

long long Repository::by_title(soci::session& sql, long long organiser_id, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM life_assemblies WHERE organiser_id = :o AND title = :t ORDER BY id LIMIT 1", soci::into(id),
      soci::use(organiser_id), soci::use(title);
  return sql.got_data() ? id : 0;
}

std::vector<long long> Repository::years(soci::session& sql) const {
  long long y = 0;
  soci::statement st =
      (sql.prepare << "SELECT DISTINCT member_year FROM life_assemblies ORDER BY member_year", soci::into(y));
  st.execute();
  std::vector<long long> out;
  while (st.fetch()) out.push_back(y);
  return out;
}

long long Repository::insert(soci::session& sql, const Assembly& a, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_assemblies (organiser_id, kind, title, starts_at, ends_at, place, video_url, member_year, "
         "created_by, created_at, updated_at) VALUES (:o, :k, :t, :s, :e, :p, :v, :y, :b, :n, :n2) RETURNING id",
      soci::use(a.organiser_id), soci::use(a.kind), soci::use(a.title), soci::use(a.starts_at), soci::use(a.ends_at),
      soci::use(a.place), soci::use(a.video_url), soci::use(a.member_year), soci::use(a.created_by), soci::use(now),
      soci::use(now), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Assembly& a, long long now) const {
  sql << "UPDATE life_assemblies SET kind = :k, title = :t, starts_at = :s, ends_at = :e, place = :p, video_url = :v, "
         "member_year = :y, updated_at = :n WHERE id = :id",
      soci::use(a.kind), soci::use(a.title), soci::use(a.starts_at), soci::use(a.ends_at), soci::use(a.place),
      soci::use(a.video_url), soci::use(a.member_year), soci::use(now), soci::use(a.id);
}

void Repository::hold(soci::session& sql, long long id) const {
  store::lock_row(sql, "life_assemblies", id);
}

bool Repository::claim_notice(soci::session& sql, long long id, long long by, long long count, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_assemblies SET notice_sent_at = :n, notice_sent_by = :b, "
                                       "notice_count = :c, updated_at = :n2 WHERE id = :id AND notice_sent_at = 0",
                        soci::use(now), soci::use(by), soci::use(count), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::claim_publication(soci::session& sql, long long id, long long by, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_assemblies SET published_at = :n, published_by = :b, "
                                       "updated_at = :n2 WHERE id = :id AND published_at = 0",
                        soci::use(now), soci::use(by), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<AgendaItem> Repository::agenda(soci::session& sql, long long assembly_id) const {
  AgendaItem a;
  soci::statement st = (sql.prepare << "SELECT id, assembly_id, position, title FROM life_assembly_agenda "
                                       "WHERE assembly_id = :a ORDER BY position, id",
                        soci::into(a.id), soci::into(a.assembly_id), soci::into(a.position), soci::into(a.title),
                        soci::use(assembly_id));
  st.execute();
  std::vector<AgendaItem> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

void Repository::set_agenda(soci::session& sql, long long assembly_id, const std::vector<std::string>& titles) const {
  sql << "DELETE FROM life_assembly_agenda WHERE assembly_id = :a", soci::use(assembly_id);
  long long position = 0;
  for (const auto& t : titles) {
    ++position;
    sql << "INSERT INTO life_assembly_agenda (assembly_id, position, title) VALUES (:a, :p, :t)",
        soci::use(assembly_id), soci::use(position), soci::use(t);
  }
}

std::vector<Resolution> Repository::resolutions(soci::session& sql, long long assembly_id) const {
  Resolution r;
  soci::statement st = (sql.prepare << std::string(kResolutionSelect) + "WHERE assembly_id = :a ORDER BY position, id",
                        TRAME_RESOLUTION_INTO(r), soci::use(assembly_id));
  st.execute();
  std::vector<Resolution> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

std::optional<Resolution> Repository::resolution(soci::session& sql, long long id) const {
  Resolution r;
  sql << std::string(kResolutionSelect) + "WHERE id = :id", TRAME_RESOLUTION_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return r;
}

long long Repository::insert_resolution(soci::session& sql, const Resolution& r) const {
  long long position = 0;
  sql << "SELECT CAST(COALESCE(MAX(position), 0) AS BIGINT) FROM life_assembly_resolutions WHERE assembly_id = :a",
      soci::into(position), soci::use(r.assembly_id);
  ++position;
  long long id = 0;
  sql << "INSERT INTO life_assembly_resolutions (assembly_id, position, title, body, majority) "
         "VALUES (:a, :p, :t, :b, :m) RETURNING id",
      soci::use(r.assembly_id), soci::use(position), soci::use(r.title), soci::use(r.body), soci::use(r.majority),
      soci::into(id);
  return id;
}

void Repository::set_votes(soci::session& sql, const Resolution& r, long long now) const {
  sql << "UPDATE life_assembly_resolutions SET votes_for = :f, votes_against = :a, votes_abstain = :b, result = :r, "
         "voted_at = :n WHERE id = :id",
      soci::use(r.votes_for), soci::use(r.votes_against), soci::use(r.votes_abstain), soci::use(r.result),
      soci::use(now), soci::use(r.id);
}

std::vector<Attendance> Repository::attendance(soci::session& sql, long long assembly_id) const {
  Attendance t;
  soci::statement st = (sql.prepare << std::string(kAttendanceSelect) + "WHERE t.assembly_id = :a ORDER BY o.name",
                        TRAME_ATTENDANCE_INTO(t), soci::use(assembly_id));
  st.execute();
  std::vector<Attendance> out;
  while (st.fetch()) out.push_back(t);
  return out;
}

std::optional<Attendance> Repository::attendance_of(soci::session& sql, long long assembly_id,
                                                    long long organisation_id) const {
  Attendance t;
  sql << std::string(kAttendanceSelect) + "WHERE t.assembly_id = :a AND t.organisation_id = :o",
      TRAME_ATTENDANCE_INTO(t), soci::use(assembly_id), soci::use(organisation_id);
  if (!sql.got_data()) return std::nullopt;
  return t;
}

long long Repository::proxies_held(soci::session& sql, long long assembly_id, long long holder_id,
                                   long long except) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_assembly_attendance WHERE assembly_id = :a AND holder_id = :h "
         "AND status = 'represented' AND organisation_id <> :e",
      soci::into(n), soci::use(assembly_id), soci::use(holder_id), soci::use(except);
  return n;
}

void Repository::set_attendance(soci::session& sql, long long assembly_id, const Attendance& a, long long now) const {
  sql << "DELETE FROM life_assembly_attendance WHERE assembly_id = :a AND organisation_id = :o", soci::use(assembly_id),
      soci::use(a.organisation_id);
  sql << "INSERT INTO life_assembly_attendance (assembly_id, organisation_id, status, holder_id, recorded_by, "
         "recorded_at) VALUES (:a, :o, :s, :h, :b, :n)",
      soci::use(assembly_id), soci::use(a.organisation_id), soci::use(a.status), soci::use(a.holder_id),
      soci::use(a.recorded_by), soci::use(now);
}

long long Repository::voters(soci::session& sql, long long assembly_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_assembly_attendance WHERE assembly_id = :a "
         "AND status IN ('present', 'represented')",
      soci::into(n), soci::use(assembly_id);
  return n;
}

std::string Repository::organisation_name(soci::session& sql, long long id) const {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::into(name), soci::use(id);
  return sql.got_data() ? name : std::string();
}

std::vector<std::pair<long long, std::string>> Repository::directory(soci::session& sql, int limit) const {
  long long id = 0;
  std::string name;
  soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' ORDER BY name "
                                       "LIMIT :l",
                        soci::into(id), soci::into(name), soci::use(limit));
  st.execute();
  std::vector<std::pair<long long, std::string>> out;
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}

}  // namespace trame::assembly
