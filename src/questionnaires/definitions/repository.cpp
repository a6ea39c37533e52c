#include "questionnaires/definitions/repository.hpp"

#include "platform/store/id_list.hpp"

#include "platform/store/row.hpp"

#include "questionnaires/definitions/definition.hpp"

namespace trame::definitions {

namespace {

using store::as_id;
using store::as_text;

std::string scope_sql(soci::session& sql, const std::string& column, bool all, const std::vector<long long>& ids) {
  if (!all && ids.empty()) return "1 = 0";
  return store::in_ids(sql, column, ids, all);
}

const char* kListColumns =
    "SELECT q.id, q.organisation_id, q.title, q.kind, q.anonymous, q.status, q.version, q.updated_at, q.source_id, "
    "q.programme_id, COALESCE(o.name, ''), "
    "(SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_questions x WHERE x.questionnaire_id = q.id AND x.archived = "
    "0), "
    "CASE WHEN EXISTS (SELECT 1 FROM questionnaire_responses r WHERE r.questionnaire_id = q.id) THEN 1 ELSE 0 END, "
    "q.template_key, q.description "
    "FROM questionnaires q LEFT JOIN organisations o ON o.id = q.organisation_id ";

Listed listed_of(const soci::row& r) {
  Listed l;
  l.q.id = as_id(r, 0);
  l.q.organisation_id = as_id(r, 1);
  l.q.title = as_text(r, 2);
  l.q.kind = as_text(r, 3);
  l.q.anonymous = as_id(r, 4) != 0;
  l.q.status = as_text(r, 5);
  l.q.version = static_cast<int>(as_id(r, 6));
  l.q.updated_at = as_id(r, 7);
  l.q.source_id = as_id(r, 8);
  l.q.programme_id = as_id(r, 9);
  l.organisation = as_text(r, 10);
  l.questions = as_id(r, 11);
  l.answered = as_id(r, 12) != 0;
  l.q.template_key = as_text(r, 13);
  l.q.description = as_text(r, 14);
  l.q.is_template = l.q.organisation_id == 0;
  return l;
}

}  // namespace

std::string join_lines(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += (s.empty() ? "" : "\n") + l;
  return s;
}

long long insert_questionnaire(soci::session& sql, const Questionnaire& q, long long actor_id, long long now) {
  long long id = 0;
  int anonymous = q.anonymous ? 1 : 0, is_template = q.is_template ? 1 : 0;
  long long org = q.organisation_id, source = q.source_id, programme = q.programme_id;
  int version = q.version > 0 ? q.version : 1;
  sql << "INSERT INTO questionnaires (organisation_id, title, description, kind, anonymous, is_template, template_key, "
         "source_id, programme_id, version, status, created_by, created_at, updated_at) VALUES (NULLIF(:o, 0), :t, :d, "
         ":k, "
         ":a, :it, :tk, NULLIF(:s, 0), NULLIF(:p, 0), :v, :st, :cb, :ca, :u) RETURNING id",
      soci::into(id), soci::use(org), soci::use(q.title), soci::use(q.description), soci::use(q.kind),
      soci::use(anonymous), soci::use(is_template), soci::use(q.template_key), soci::use(source), soci::use(programme),
      soci::use(version), soci::use(q.status), soci::use(actor_id), soci::use(now), soci::use(now);
  return id;
}

long long insert_section(soci::session& sql, long long questionnaire_id, int position, const std::string& title,
                         const std::string& description) {
  long long id = 0;
  sql << "INSERT INTO questionnaire_sections (questionnaire_id, position, title, description) VALUES (:q, :p, :t, :d) "
         "RETURNING id",
      soci::into(id), soci::use(questionnaire_id), soci::use(position), soci::use(title), soci::use(description);
  return id;
}

long long insert_question(soci::session& sql, const Question& q, long long now) {
  long long id = 0;
  int required = q.required ? 1 : 0, other = q.allow_other ? 1 : 0, quotable = q.quotable ? 1 : 0;
  std::string options = join_lines(q.options), items = join_lines(q.items);
  double mn = q.min_value.value_or(0), mx = q.max_value.value_or(0);
  soci::indicator imn = q.min_value ? soci::i_ok : soci::i_null, imx = q.max_value ? soci::i_ok : soci::i_null;
  long long show_if = q.show_if_question;
  sql << "INSERT INTO questionnaire_questions (questionnaire_id, section_id, position, kind, label, help, required, "
         "options, allow_other, items, low_label, high_label, min_value, max_value, show_if_question, show_if_value, "
         "objective, archived, created_at, updated_at, quotable) VALUES (:q, :s, :p, :k, :l, :h, :r, :o, :ao, :it, "
         ":lo, :hi, :mn, :mx, NULLIF(:sq, 0), :sv, :ob, 0, :ca, :u, :qt) RETURNING id",
      soci::into(id), soci::use(q.questionnaire_id), soci::use(q.section_id), soci::use(q.position), soci::use(q.kind),
      soci::use(q.label), soci::use(q.help), soci::use(required), soci::use(options), soci::use(other),
      soci::use(items), soci::use(q.low_label), soci::use(q.high_label), soci::use(mn, imn), soci::use(mx, imx),
      soci::use(show_if), soci::use(q.show_if_value), soci::use(q.objective), soci::use(now), soci::use(now),
      soci::use(quotable);
  return id;
}

std::optional<Questionnaire> select_questionnaire(soci::session& sql, long long questionnaire_id) {
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT id, organisation_id, title, description, kind, anonymous, "
                                                 "is_template, template_key, source_id, programme_id, version, status, "
                                                 "created_at, updated_at FROM questionnaires WHERE id = :id",
                                  soci::use(questionnaire_id));
  std::optional<Questionnaire> found;
  for (const auto& r : rows) {
    Questionnaire q;
    q.id = as_id(r, 0);
    q.organisation_id = as_id(r, 1);
    q.title = as_text(r, 2);
    q.description = as_text(r, 3);
    q.kind = as_text(r, 4);
    q.anonymous = as_id(r, 5) != 0;
    q.is_template = as_id(r, 6) != 0;
    q.template_key = as_text(r, 7);
    q.source_id = as_id(r, 8);
    q.programme_id = as_id(r, 9);
    q.version = static_cast<int>(as_id(r, 10));
    q.status = as_text(r, 11);
    q.created_at = as_id(r, 12);
    q.updated_at = as_id(r, 13);
    found = q;
  }
  return found;
}

std::vector<Section> select_sections(soci::session& sql, long long questionnaire_id) {
  std::vector<Section> out;
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT id, position, title, description FROM questionnaire_sections "
                                                 "WHERE questionnaire_id = :id ORDER BY position, id",
                                  soci::use(questionnaire_id));
  for (const auto& r : rows) {
    Section s;
    s.id = as_id(r, 0);
    s.questionnaire_id = questionnaire_id;
    s.position = static_cast<int>(as_id(r, 1));
    s.title = as_text(r, 2);
    s.description = as_text(r, 3);
    out.push_back(s);
  }
  return out;
}

std::vector<Question> select_questions(soci::session& sql, long long questionnaire_id) {
  std::vector<Question> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, section_id, position, kind, label, help, required, options, "
                      "allow_other, items, low_label, high_label, min_value, max_value, "
                      "show_if_question, show_if_value, objective, archived, quotable "
                      "FROM questionnaire_questions WHERE questionnaire_id = :id "
                      "ORDER BY position, id",
       soci::use(questionnaire_id));
  for (const auto& r : rows) {
    Question x;
    x.id = as_id(r, 0);
    x.questionnaire_id = questionnaire_id;
    x.section_id = as_id(r, 1);
    x.position = static_cast<int>(as_id(r, 2));
    x.kind = as_text(r, 3);
    x.label = as_text(r, 4);
    x.help = as_text(r, 5);
    x.required = as_id(r, 6) != 0;
    x.options = split_lines(as_text(r, 7));
    x.allow_other = as_id(r, 8) != 0;
    x.items = split_lines(as_text(r, 9));
    x.low_label = as_text(r, 10);
    x.high_label = as_text(r, 11);
    x.min_value = store::as_double(r, 12);
    x.max_value = store::as_double(r, 13);
    x.show_if_question = as_id(r, 14);
    x.show_if_value = as_text(r, 15);
    x.objective = as_text(r, 16);
    x.archived = as_id(r, 17) != 0;
    x.quotable = as_id(r, 18) != 0;
    out.push_back(x);
  }
  return out;
}

long long select_template_id(soci::session& sql, const std::string& key) {
  long long id = 0;
  sql << "SELECT id FROM questionnaires WHERE template_key = :k", soci::into(id), soci::use(key);
  return sql.got_data() ? id : 0;
}

bool has_section_titled(soci::session& sql, long long questionnaire_id, const std::string& title) {
  long long has = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_sections WHERE questionnaire_id = :q AND title = :t",
      soci::into(has), soci::use(questionnaire_id), soci::use(title);
  return has > 0;
}

int last_section_position(soci::session& sql, long long questionnaire_id) {
  long long last = 0;
  sql << "SELECT CAST(COALESCE(MAX(position), 0) AS BIGINT) FROM questionnaire_sections WHERE questionnaire_id = :q",
      soci::into(last), soci::use(questionnaire_id);
  return static_cast<int>(last);
}

void publish_for_session(soci::session& sql, long long questionnaire_id, long long session_id) {
  sql << "UPDATE questionnaires SET session_id = :s, status = 'published' WHERE id = :id", soci::use(session_id),
      soci::use(questionnaire_id);
}

std::optional<ProgrammeObjectives> select_programme_objectives(soci::session& sql, long long programme_id) {
  ProgrammeObjectives p;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT title, objectives FROM training_programmes WHERE id = :i", soci::into(p.title),
      soci::into(p.objectives, ind), soci::use(programme_id);
  if (!sql.got_data()) return std::nullopt;
  if (ind != soci::i_ok) p.objectives.clear();
  return p;
}

std::vector<Listed> Repository::list(soci::session& sql, bool all, const std::vector<long long>& organisations,
                                     const std::string& kind, const std::string& status, long long page,
                                     long long per_page, long long& total) {
  std::string where = "WHERE q.is_template = 0 AND " + scope_sql(sql, "q.organisation_id", all, organisations) +
                      " AND (:k = '' OR q.kind = :k2) AND (:s = '' OR q.status = :s2) ";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaires q " + where, soci::into(total), soci::use(kind),
      soci::use(kind), soci::use(status), soci::use(status);
  long long offset = (page - 1) * per_page;
  std::vector<Listed> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kListColumns) + where + "ORDER BY q.updated_at DESC, q.id DESC LIMIT :l OFFSET :off",
       soci::use(kind), soci::use(kind), soci::use(status), soci::use(status), soci::use(per_page), soci::use(offset));
  for (const auto& r : rows) out.push_back(listed_of(r));
  return out;
}

std::vector<Listed> Repository::library(soci::session& sql) {
  std::vector<Listed> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kListColumns) + "WHERE q.is_template = 1 AND q.status <> 'archived' ORDER BY q.id");
  for (const auto& r : rows) out.push_back(listed_of(r));
  return out;
}

bool Repository::has_answers(soci::session& sql, long long questionnaire_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_responses WHERE questionnaire_id = :q", soci::into(n),
      soci::use(questionnaire_id);
  return n > 0;
}

bool Repository::question_has_answers(soci::session& sql, long long question_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_answers WHERE question_id = :q", soci::into(n),
      soci::use(question_id);
  return n > 0;
}

long long Repository::questionnaire_of_section(soci::session& sql, long long section_id) {
  long long id = 0;
  sql << "SELECT questionnaire_id FROM questionnaire_sections WHERE id = :i", soci::into(id), soci::use(section_id);
  return sql.got_data() ? id : 0;
}

long long Repository::questionnaire_of_question(soci::session& sql, long long question_id) {
  long long id = 0;
  sql << "SELECT questionnaire_id FROM questionnaire_questions WHERE id = :i", soci::into(id), soci::use(question_id);
  return sql.got_data() ? id : 0;
}

long long Repository::organisation_of(soci::session& sql, long long questionnaire_id, bool& found) {
  long long org = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT organisation_id FROM questionnaires WHERE id = :i", soci::into(org, ind), soci::use(questionnaire_id);
  found = sql.got_data();
  return found && ind == soci::i_ok ? org : 0;
}

bool Repository::sent_in_session(soci::session& sql, long long questionnaire_id, long long session_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_campaigns WHERE questionnaire_id = :q AND session_id = :s",
      soci::into(n), soci::use(questionnaire_id), soci::use(session_id);
  return n > 0;
}

std::vector<VersionEntry> Repository::versions(soci::session& sql, long long questionnaire_id) {
  std::vector<VersionEntry> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT v.version, v.summary, COALESCE(u.name, ''), v.changed_at "
                      "FROM questionnaire_versions v LEFT JOIN users u ON u.id = v.changed_by "
                      "WHERE v.questionnaire_id = :q ORDER BY v.version DESC",
       soci::use(questionnaire_id));
  for (const auto& r : rows) {
    VersionEntry v;
    v.version = static_cast<int>(as_id(r, 0));
    v.summary = as_text(r, 1);
    v.who = as_text(r, 2);
    v.changed_at = as_id(r, 3);
    out.push_back(v);
  }
  return out;
}

void Repository::bump_version(soci::session& sql, long long questionnaire_id, const std::string& summary,
                              long long actor_id, long long now) {
  sql << "UPDATE questionnaires SET version = version + 1, updated_at = :u WHERE id = :i", soci::use(now),
      soci::use(questionnaire_id);
  int version = 0;
  sql << "SELECT version FROM questionnaires WHERE id = :i", soci::into(version), soci::use(questionnaire_id);
  sql << "INSERT INTO questionnaire_versions (questionnaire_id, version, summary, changed_by, changed_at) "
         "VALUES (:q, :v, :s, :b, :c)",
      soci::use(questionnaire_id), soci::use(version), soci::use(summary), soci::use(actor_id), soci::use(now);
}

std::vector<Choice> Repository::organisations(soci::session& sql, bool all, const std::vector<long long>& ids) {
  std::vector<Choice> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, name FROM organisations WHERE " + scope_sql(sql, "id", all, ids) + " ORDER BY name");
  for (const auto& r : rows) out.push_back({as_id(r, 0), as_text(r, 1), as_id(r, 0)});
  return out;
}

std::vector<Choice> Repository::programmes(soci::session& sql, bool all, const std::vector<long long>& organisations) {
  std::vector<Choice> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, title, organiser_id FROM training_programmes WHERE status <> 'archived' AND " +
                          scope_sql(sql, "organiser_id", all, organisations) + " ORDER BY title, id");
  for (const auto& r : rows) out.push_back({as_id(r, 0), as_text(r, 1), as_id(r, 2)});
  return out;
}

long long Repository::programme_organisation(soci::session& sql, long long programme_id) {
  long long org = 0;
  sql << "SELECT organiser_id FROM training_programmes WHERE id = :i", soci::into(org), soci::use(programme_id);
  return sql.got_data() ? org : 0;
}

void Repository::update_questionnaire(soci::session& sql, const Questionnaire& q, long long now) {
  int anonymous = q.anonymous ? 1 : 0;
  sql << "UPDATE questionnaires SET title = :t, description = :d, kind = :k, anonymous = :a, status = :s, updated_at = "
         ":u "
         "WHERE id = :i",
      soci::use(q.title), soci::use(q.description), soci::use(q.kind), soci::use(anonymous), soci::use(q.status),
      soci::use(now), soci::use(q.id);
}

void Repository::update_section(soci::session& sql, long long id, const std::string& title,
                                const std::string& description) {
  sql << "UPDATE questionnaire_sections SET title = :t, description = :d WHERE id = :i", soci::use(title),
      soci::use(description), soci::use(id);
}

void Repository::update_question(soci::session& sql, const Question& q, long long now) {
  int required = q.required ? 1 : 0, other = q.allow_other ? 1 : 0, quotable = q.quotable ? 1 : 0;
  std::string options = join_lines(q.options), items = join_lines(q.items);
  double mn = q.min_value.value_or(0), mx = q.max_value.value_or(0);
  soci::indicator imn = q.min_value ? soci::i_ok : soci::i_null, imx = q.max_value ? soci::i_ok : soci::i_null;
  long long show_if = q.show_if_question;
  sql << "UPDATE questionnaire_questions SET section_id = :s, position = :p, kind = :k, label = :l, help = :h, "
         "required = :r, options = :o, allow_other = :ao, items = :it, low_label = :lo, high_label = :hi, "
         "min_value = :mn, max_value = :mx, show_if_question = NULLIF(:sq, 0), show_if_value = :sv, objective = :ob, "
         "quotable = :qt, updated_at = :u WHERE id = :i",
      soci::use(q.section_id), soci::use(q.position), soci::use(q.kind), soci::use(q.label), soci::use(q.help),
      soci::use(required), soci::use(options), soci::use(other), soci::use(items), soci::use(q.low_label),
      soci::use(q.high_label), soci::use(mn, imn), soci::use(mx, imx), soci::use(show_if), soci::use(q.show_if_value),
      soci::use(q.objective), soci::use(quotable), soci::use(now), soci::use(q.id);
}

void Repository::set_section_positions(soci::session& sql, const std::vector<long long>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    int pos = static_cast<int>(i) + 1;
    long long id = ids[i];
    sql << "UPDATE questionnaire_sections SET position = :p WHERE id = :i", soci::use(pos), soci::use(id);
  }
}

void Repository::set_question_positions(soci::session& sql, const std::vector<long long>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    int pos = static_cast<int>(i) + 1;
    long long id = ids[i];
    sql << "UPDATE questionnaire_questions SET position = :p WHERE id = :i", soci::use(pos), soci::use(id);
  }
}

long long Repository::questions_in_section(soci::session& sql, long long section_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_questions WHERE section_id = :s", soci::into(n),
      soci::use(section_id);
  return n;
}

void Repository::delete_section(soci::session& sql, long long id) {
  sql << "DELETE FROM questionnaire_sections WHERE id = :i", soci::use(id);
}

void Repository::delete_question(soci::session& sql, long long id) {
  sql << "DELETE FROM questionnaire_questions WHERE id = :i", soci::use(id);
}

void Repository::archive_question(soci::session& sql, long long id, long long now) {
  sql << "UPDATE questionnaire_questions SET archived = 1, updated_at = :u WHERE id = :i", soci::use(now),
      soci::use(id);
}

void Repository::touch(soci::session& sql, long long questionnaire_id, long long now) {
  sql << "UPDATE questionnaires SET updated_at = :u WHERE id = :i", soci::use(now), soci::use(questionnaire_id);
}

long long Repository::demo_copy(soci::session& sql, long long organisation_id, long long source_id,
                                long long programme_id) {
  long long id = 0;
  sql << "SELECT id FROM questionnaires WHERE organisation_id = :o AND source_id = :s AND programme_id = :p "
         "ORDER BY id LIMIT 1",
      soci::into(id), soci::use(organisation_id), soci::use(source_id), soci::use(programme_id);
  return sql.got_data() ? id : 0;
}

std::vector<long long> Repository::answered_questions(soci::session& sql, long long questionnaire_id) {
  std::vector<long long> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT DISTINCT a.question_id FROM questionnaire_answers a JOIN questionnaire_questions q "
                      "ON q.id = a.question_id WHERE q.questionnaire_id = :q",
       soci::use(questionnaire_id));
  for (const auto& r : rows) out.push_back(store::as_id(r, 0));
  return out;
}

void Repository::set_title(soci::session& sql, long long questionnaire_id, const std::string& title) {
  sql << "UPDATE questionnaires SET title = :t WHERE id = :i", soci::use(title), soci::use(questionnaire_id);
}

void Repository::publish(soci::session& sql, long long questionnaire_id) {
  sql << "UPDATE questionnaires SET status = 'published' WHERE id = :i", soci::use(questionnaire_id);
}

long long Repository::organisation_by_name(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n", soci::into(id), soci::use(name);
  return sql.got_data() ? id : 0;
}

long long Repository::programme_by_title(soci::session& sql, long long organiser_id, const std::string& title) {
  long long id = 0;
  sql << "SELECT id FROM training_programmes WHERE organiser_id = :o AND title = :t ORDER BY id LIMIT 1",
      soci::into(id), soci::use(organiser_id), soci::use(title);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::definitions
