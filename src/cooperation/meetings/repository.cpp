#include "cooperation/meetings/repository.hpp"

#include "platform/store/id_list.hpp"
#include "platform/store/row_lock.hpp"

namespace trame::meetings {

namespace {

const char* kMeetingSelect =
    "SELECT m.id, m.project_id, m.title, m.starts_at, m.ends_at, m.place, m.video_url, m.status, m.sequence, "
    "m.others_count, m.others_label, m.minutes, m.minutes_by, m.minutes_at, COALESCE(mb.name, ''), m.held_at, "
    "m.cancelled_at, m.created_by, u.name, u.email, m.created_at, m.updated_at, "
    "(SELECT CAST(COUNT(*) AS BIGINT) FROM cooperation_meeting_invitations i WHERE i.meeting_id = m.id) "
    "FROM cooperation_meetings m JOIN users u ON u.id = m.created_by LEFT JOIN users mb ON mb.id = m.minutes_by ";

#define TRAME_MEETING_INTO(m)                                                                                        \
  soci::into((m).id), soci::into((m).project_id), soci::into((m).title), soci::into((m).starts_at),                  \
      soci::into((m).ends_at), soci::into((m).place), soci::into((m).video_url), soci::into((m).status),             \
      soci::into((m).sequence), soci::into((m).others_count), soci::into((m).others_label), soci::into((m).minutes), \
      soci::into((m).minutes_by), soci::into((m).minutes_at), soci::into((m).minutes_by_name),                       \
      soci::into((m).held_at), soci::into((m).cancelled_at), soci::into((m).created_by),                             \
      soci::into((m).created_by_name), soci::into((m).created_by_email), soci::into((m).created_at),                 \
      soci::into((m).updated_at), soci::into((m).invited)

}  // namespace

std::optional<Meeting> Repository::find(soci::session& sql, long long id) const {
  Meeting m;
  sql << std::string(kMeetingSelect) + "WHERE m.id = :id", TRAME_MEETING_INTO(m), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

std::vector<Meeting> Repository::of_project(soci::session& sql, long long project_id, int limit, int offset) const {
  Meeting m;
  soci::statement st =
      (sql.prepare << std::string(kMeetingSelect) +
                          "WHERE m.project_id = :p ORDER BY m.starts_at DESC, m.id DESC LIMIT :l OFFSET :o",
       TRAME_MEETING_INTO(m), soci::use(project_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Meeting> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

long long Repository::count_of_project(soci::session& sql, long long project_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM cooperation_meetings WHERE project_id = :p", soci::into(n),
      soci::use(project_id);
  return n;
}

long long Repository::by_title(soci::session& sql, long long project_id, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM cooperation_meetings WHERE project_id = :p AND title = :t ORDER BY id LIMIT 1", soci::into(id),
      soci::use(project_id), soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::insert(soci::session& sql, const Meeting& m, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_meetings (project_id, title, starts_at, ends_at, place, video_url, status, sequence, "
         "created_by, created_at, updated_at) VALUES (:p, :t, :s, :e, :pl, :v, :st, 0, :by, :n, :n2) RETURNING id",
      soci::use(m.project_id), soci::use(m.title), soci::use(m.starts_at), soci::use(m.ends_at), soci::use(m.place),
      soci::use(m.video_url), soci::use(m.status), soci::use(m.created_by), soci::use(now), soci::use(now),
      soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Meeting& m, long long now) const {
  sql << "UPDATE cooperation_meetings SET title = :t, starts_at = :s, ends_at = :e, place = :pl, video_url = :v, "
         "sequence = :q, updated_at = :n WHERE id = :id",
      soci::use(m.title), soci::use(m.starts_at), soci::use(m.ends_at), soci::use(m.place), soci::use(m.video_url),
      soci::use(m.sequence), soci::use(now), soci::use(m.id);
}

void Repository::set_cancelled(soci::session& sql, long long id, long long sequence, long long now) const {
  sql << "UPDATE cooperation_meetings SET status = 'cancelled', sequence = :q, cancelled_at = :n, updated_at = :n2 "
         "WHERE id = :id",
      soci::use(sequence), soci::use(now), soci::use(now), soci::use(id);
}

void Repository::set_held(soci::session& sql, long long id, long long others_count, const std::string& others_label,
                          long long now) const {
  sql << "UPDATE cooperation_meetings SET status = 'held', others_count = :c, others_label = :l, "
         "held_at = CASE WHEN held_at = 0 THEN :n ELSE held_at END, updated_at = :n2 WHERE id = :id",
      soci::use(others_count), soci::use(others_label), soci::use(now), soci::use(now), soci::use(id);
}

void Repository::set_minutes(soci::session& sql, long long id, const std::string& minutes, long long by,
                             long long now) const {
  sql << "UPDATE cooperation_meetings SET minutes = :m, minutes_by = :b, minutes_at = :n, updated_at = :n2 "
         "WHERE id = :id",
      soci::use(minutes), soci::use(by), soci::use(now), soci::use(now), soci::use(id);
}

void Repository::hold(soci::session& sql, long long id) const {
  store::lock_row(sql, "cooperation_meetings", id);
}

std::vector<AgendaItem> Repository::agenda(soci::session& sql, long long meeting_id, bool with_methods) const {
  AgendaItem a;
  std::string query =
      with_methods
          ? "SELECT a.id, a.meeting_id, a.position, a.title, a.duration_minutes, a.method_id, COALESCE(x.title, '') "
            "FROM cooperation_meeting_agenda a LEFT JOIN cooperation_methods x ON x.id = a.method_id "
            "WHERE a.meeting_id = :m ORDER BY a.position"
          : "SELECT a.id, a.meeting_id, a.position, a.title, a.duration_minutes, a.method_id, '' "
            "FROM cooperation_meeting_agenda a WHERE a.meeting_id = :m ORDER BY a.position";
  soci::statement st =
      (sql.prepare << query, soci::into(a.id), soci::into(a.meeting_id), soci::into(a.position), soci::into(a.title),
       soci::into(a.duration_minutes), soci::into(a.method_id), soci::into(a.method_title), soci::use(meeting_id));
  st.execute();
  std::vector<AgendaItem> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

void Repository::set_agenda(soci::session& sql, long long meeting_id, const std::vector<AgendaItem>& items) const {
  sql << "DELETE FROM cooperation_meeting_agenda WHERE meeting_id = :m", soci::use(meeting_id);
  long long position = 0;
  for (const auto& a : items) {
    ++position;
    sql << "INSERT INTO cooperation_meeting_agenda (meeting_id, position, title, duration_minutes, method_id) "
           "VALUES (:m, :p, :t, :d, :x)",
        soci::use(meeting_id), soci::use(position), soci::use(a.title), soci::use(a.duration_minutes),
        soci::use(a.method_id);
  }
}

namespace {
const char* kInvitationSelect =
    "SELECT i.id, i.meeting_id, i.user_id, u.name, u.email, i.invited_at, i.sent_sequence, i.answer, i.answered_at "
    "FROM cooperation_meeting_invitations i JOIN users u ON u.id = i.user_id ";
#define TRAME_INVITATION_INTO(i)                                                                                \
  soci::into((i).id), soci::into((i).meeting_id), soci::into((i).user_id), soci::into((i).name),                \
      soci::into((i).email), soci::into((i).invited_at), soci::into((i).sent_sequence), soci::into((i).answer), \
      soci::into((i).answered_at)
}  // namespace

std::vector<Invitation> Repository::invitations(soci::session& sql, long long meeting_id) const {
  Invitation i;
  soci::statement st = (sql.prepare << std::string(kInvitationSelect) + "WHERE i.meeting_id = :m ORDER BY u.name, i.id",
                        TRAME_INVITATION_INTO(i), soci::use(meeting_id));
  st.execute();
  std::vector<Invitation> out;
  while (st.fetch()) out.push_back(i);
  return out;
}

std::optional<Invitation> Repository::invitation(soci::session& sql, long long meeting_id, long long user_id) const {
  Invitation i;
  sql << std::string(kInvitationSelect) + "WHERE i.meeting_id = :m AND i.user_id = :u", TRAME_INVITATION_INTO(i),
      soci::use(meeting_id), soci::use(user_id);
  if (!sql.got_data()) return std::nullopt;
  return i;
}

void Repository::upsert_invitation(soci::session& sql, long long meeting_id, long long user_id, long long sequence,
                                   long long now) const {
  sql << "INSERT INTO cooperation_meeting_invitations (meeting_id, user_id, invited_at, sent_sequence) "
         "VALUES (:m, :u, :n, :q) ON CONFLICT (meeting_id, user_id) DO UPDATE SET invited_at = :n2, sent_sequence = "
         ":q2",
      soci::use(meeting_id), soci::use(user_id), soci::use(now), soci::use(sequence), soci::use(now),
      soci::use(sequence);
}

void Repository::set_sent_sequence(soci::session& sql, long long meeting_id, long long user_id,
                                   long long sequence) const {
  sql << "UPDATE cooperation_meeting_invitations SET sent_sequence = :q WHERE meeting_id = :m AND user_id = :u",
      soci::use(sequence), soci::use(meeting_id), soci::use(user_id);
}

void Repository::set_answer(soci::session& sql, long long meeting_id, long long user_id, const std::string& answer,
                            long long now) const {
  sql << "UPDATE cooperation_meeting_invitations SET answer = :a, answered_at = :n WHERE meeting_id = :m AND "
         "user_id = :u",
      soci::use(answer), soci::use(now), soci::use(meeting_id), soci::use(user_id);
}

std::vector<Attendee> Repository::attendees(soci::session& sql, long long meeting_id) const {
  Attendee a;
  soci::statement st = (sql.prepare << "SELECT a.user_id, u.name FROM cooperation_meeting_attendees a JOIN users u "
                                       "ON u.id = a.user_id WHERE a.meeting_id = :m ORDER BY u.name, a.user_id",
                        soci::into(a.user_id), soci::into(a.name), soci::use(meeting_id));
  st.execute();
  std::vector<Attendee> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

void Repository::set_attendees(soci::session& sql, long long meeting_id, const std::vector<long long>& user_ids) const {
  sql << "DELETE FROM cooperation_meeting_attendees WHERE meeting_id = :m", soci::use(meeting_id);
  for (long long id : user_ids)
    sql << "INSERT INTO cooperation_meeting_attendees (meeting_id, user_id) VALUES (:m, :u)", soci::use(meeting_id),
        soci::use(id);
}

std::vector<OrganisationPresent> Repository::organisations(soci::session& sql, long long meeting_id) const {
  OrganisationPresent o;
  soci::statement st =
      (sql.prepare << "SELECT x.organisation_id, o.name FROM cooperation_meeting_organisations x JOIN organisations o "
                      "ON o.id = x.organisation_id WHERE x.meeting_id = :m ORDER BY o.name, o.id",
       soci::into(o.organisation_id), soci::into(o.name), soci::use(meeting_id));
  st.execute();
  std::vector<OrganisationPresent> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

void Repository::set_organisations(soci::session& sql, long long meeting_id, const std::vector<long long>& ids) const {
  sql << "DELETE FROM cooperation_meeting_organisations WHERE meeting_id = :m", soci::use(meeting_id);
  for (long long id : ids)
    sql << "INSERT INTO cooperation_meeting_organisations (meeting_id, organisation_id) VALUES (:m, :o)",
        soci::use(meeting_id), soci::use(id);
}

std::vector<long long> Repository::existing_organisations(soci::session& sql, const std::vector<long long>& ids) const {
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM organisations WHERE status = 'active' AND " +
                                           store::in_ids(sql, "id", ids) + " ORDER BY id",
                        soci::into(id));
  st.execute();
  std::vector<long long> out;
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<OrganisationPresent> Repository::directory(soci::session& sql, int limit) const {
  OrganisationPresent o;
  soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' ORDER BY "
                                       "lower(name), id LIMIT :l",
                        soci::into(o.organisation_id), soci::into(o.name), soci::use(limit));
  st.execute();
  std::vector<OrganisationPresent> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

std::vector<OrganisationPresent> Repository::named_organisations(soci::session& sql,
                                                                 const std::vector<long long>& ids) const {
  OrganisationPresent o;
  soci::statement st = (sql.prepare << "SELECT id, name FROM organisations WHERE " + store::in_ids(sql, "id", ids) +
                                           " ORDER BY lower(name), id",
                        soci::into(o.organisation_id), soci::into(o.name));
  st.execute();
  std::vector<OrganisationPresent> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

std::vector<DecisionTaken> Repository::decisions(soci::session& sql, long long meeting_id) const {
  std::vector<DecisionTaken> out;
  if (!has_table(sql, "cooperation_decisions")) return out;
  DecisionTaken d;
  soci::statement st = (sql.prepare << "SELECT id, title, status, outcome_statement FROM cooperation_decisions "
                                       "WHERE meeting_id = :m ORDER BY id",
                        soci::into(d.id), soci::into(d.title), soci::into(d.status), soci::into(d.outcome_statement),
                        soci::use(meeting_id));
  st.execute();
  while (st.fetch()) out.push_back(d);
  return out;
}

bool Repository::has_table(soci::session& sql, const std::string& table) {
  long long n = 0;
  if (sql.get_backend_name() == "postgresql")
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.tables WHERE table_schema = current_schema() "
           "AND table_name = :t",
        soci::into(n), soci::use(table);
  else
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM sqlite_master WHERE type = 'table' AND name = :t", soci::into(n),
        soci::use(table);
  return n > 0;
}

std::vector<MethodChoice> Repository::methods(soci::session& sql) const {
  std::vector<MethodChoice> out;
  if (!has_table(sql, "cooperation_methods")) return out;
  MethodChoice c;
  soci::statement st = (sql.prepare << "SELECT id, title FROM cooperation_methods ORDER BY lower(title), id LIMIT 500",
                        soci::into(c.id), soci::into(c.title));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

bool Repository::method_exists(soci::session& sql, long long id) const {
  if (!has_table(sql, "cooperation_methods")) return false;
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM cooperation_methods WHERE id = :id", soci::into(n), soci::use(id);
  return n > 0;
}

}  // namespace trame::meetings
