#include "cooperation/methods/service.hpp"

#include <algorithm>
#include <sstream>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "trainings/programmes/access.hpp"

namespace trame::methods {

namespace {

bool too_long(const std::string& s, std::size_t max) {
  return code_points(s) > max;
}

// A whole number typed in a form (digits only, blanks around allowed); -1 when it is not one.
long long whole_number(const std::string& text) {
  std::string t = trim(text);
  if (t.empty() || t.size() > 6) return -1;
  long long n = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

// The non-blank lines of a text, trimmed.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

// Training staff and administrators edit every method, and remove any use.
bool library_keeper(const Principal& me) {
  return me.id != 0 && (me.is_admin() || me.has_role("training_staff"));
}

const long long kMaxMinutes = 1440;  // a day
const long long kMaxPeople = 1000;

}  // namespace

Outcome check_input(const MethodInput& in, Method& m) {
  m.title = trim(in.title);
  if (m.title.empty() || too_long(m.title, 200)) return Outcome::failure("methods.errors.title", "title");
  m.purpose = trim(in.purpose);
  if (too_long(m.purpose, 2000)) return Outcome::failure("methods.errors.purpose", "purpose");
  m.duration_min = whole_number(in.duration_min);
  if (m.duration_min < 1 || m.duration_min > kMaxMinutes)
    return Outcome::failure("methods.errors.duration", "duration_min");
  m.duration_max = whole_number(in.duration_max);
  if (m.duration_max < 1 || m.duration_max > kMaxMinutes)
    return Outcome::failure("methods.errors.duration", "duration_max");
  if (m.duration_min > m.duration_max) return Outcome::failure("methods.errors.duration_order", "duration_min");
  m.group_min = whole_number(in.group_min);
  if (m.group_min < 1 || m.group_min > kMaxPeople) return Outcome::failure("methods.errors.group", "group_min");
  m.group_max = whole_number(in.group_max);
  if (m.group_max < 1 || m.group_max > kMaxPeople) return Outcome::failure("methods.errors.group", "group_max");
  if (m.group_min > m.group_max) return Outcome::failure("methods.errors.group_order", "group_min");
  m.materials = joined(lines(in.materials), "\n");
  if (too_long(m.materials, 5000)) return Outcome::failure("methods.errors.materials", "materials");
  m.steps = lines(in.steps);
  if (m.steps.empty()) return Outcome::failure("methods.errors.steps", "steps");
  if (m.steps.size() > 30) return Outcome::failure("methods.errors.steps_count", "steps");
  for (const auto& step : m.steps)
    if (too_long(step, 1000)) return Outcome::failure("methods.errors.step_too_long", "steps");
  m.variants = joined(lines(in.variants), "\n");
  if (too_long(m.variants, 5000)) return Outcome::failure("methods.errors.variants", "variants");
  m.tags.clear();
  std::vector<std::string> folded;
  std::istringstream tags(in.tags);
  std::string tag;
  while (std::getline(tags, tag, ',')) {
    // Line breaks count as separators too (a tag per line).
    for (auto& line : lines(tag)) {
      std::string key = fold_for_search(line);
      if (key.empty()) continue;
      if (too_long(line, 40)) return Outcome::failure("methods.errors.tags", "tags");
      if (std::find(folded.begin(), folded.end(), key) != folded.end()) continue;
      folded.push_back(key);
      m.tags.push_back(line);
    }
  }
  if (m.tags.size() > 10) return Outcome::failure("methods.errors.tags", "tags");
  m.visibility = in.visibility;
  if (!is_one_of(m.visibility, visibilities())) return Outcome::failure("methods.errors.visibility", "visibility");
  return Outcome::success();
}

std::string search_text_of(const Method& m) {
  return fold_for_search(m.title + " " + m.purpose + " " + joined(m.tags, " "));
}

std::string tags_key_of(const std::vector<std::string>& tags) {
  if (tags.empty()) return "";
  std::string out = ",";
  for (const auto& t : tags) out += fold_for_search(t) + ",";
  return out;
}

Query query_of(const Principal& me, const Filter& f) {
  Query q;
  q.network = me.id != 0;
  std::istringstream words(fold_for_search(f.text));
  std::string word;
  while (words >> word) q.words.push_back(word);
  q.minutes = std::max(0LL, f.minutes);
  q.people = std::max(0LL, f.people);
  q.tag = fold_for_search(f.tag);
  return q;
}

MethodInput Service::input_of(const Method& m) {
  MethodInput in;
  in.title = m.title;
  in.purpose = m.purpose;
  in.duration_min = std::to_string(m.duration_min);
  in.duration_max = std::to_string(m.duration_max);
  in.group_min = std::to_string(m.group_min);
  in.group_max = std::to_string(m.group_max);
  in.materials = m.materials;
  in.steps = joined(m.steps, "\n");
  in.variants = m.variants;
  in.tags = joined(m.tags, ", ");
  in.visibility = m.visibility;
  return in;
}

// ---- Reading

std::vector<MethodChoice> Service::choices(const Principal& me) {
  return db_.read([&](soci::session& sql) { return repo_.choices(sql, me.id != 0); });
}

std::optional<MethodChoice> Service::choice(const Principal& me, long long id) {
  auto m = method(me, id);
  if (!m) return std::nullopt;
  return MethodChoice{m->id, m->title};
}

MethodPage Service::search(const Principal& me, const Filter& filter, long long page) {
  Query q = query_of(me, filter);
  return db_.read([&](soci::session& sql) {
    MethodPage out;
    out.total = repo_.count(sql, q);
    long long pages = std::max(1LL, (out.total + kPerPage - 1) / kPerPage);
    out.page = std::clamp(page, 1LL, pages);
    out.items = repo_.search(sql, q, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

std::optional<Method> Service::method(const Principal& me, long long id) {
  auto m = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  if (!m || (m->visibility != "public" && me.id == 0)) return std::nullopt;
  return m;
}

bool Service::may_write(const Principal& me) {
  if (me.id == 0) return false;
  if (me.can(perm::trainings_teach) || me.can(perm::trainings_manage)) return true;
  return db_.read([&](soci::session& sql) { return repo_.facilitates_a_project(sql, me.id); });
}

bool Service::may_edit(const Principal& me, const Method& m) {
  return me.id != 0 && ((m.created_by != 0 && m.created_by == me.id) || library_keeper(me));
}

// ---- Writing

Outcome Service::create(const Actor& actor, const Principal& me, const MethodInput& in) {
  if (!may_write(me)) return Outcome::forbidden("methods.errors.not_writer");
  Method m;
  if (auto bad = check_input(in, m); !bad.ok) return bad;
  m.created_by = me.id;
  m.updated_by = me.id;
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    long long id = repo_.insert(sql, m, search_text_of(m), tags_key_of(m.tags), now);
    repo_.set_steps(sql, id, m.steps);
    audit_.record(sql, actor, "method.create", "method:" + std::to_string(id), m.title);
    return Outcome::success(id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long id, const MethodInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current || (current->visibility != "public" && me.id == 0)) roll_back(Outcome::not_found());
    if (!may_edit(me, *current)) roll_back(Outcome::forbidden("methods.errors.not_editor"));
    Method m;
    if (auto bad = check_input(in, m); !bad.ok) roll_back(bad);
    m.id = id;
    m.updated_by = me.id;
    repo_.update(sql, m, search_text_of(m), tags_key_of(m.tags), store::now_seconds());
    repo_.set_steps(sql, id, m.steps);
    audit_.record(sql, actor, "method.update", "method:" + std::to_string(id), m.title);
    return Outcome::success(id);
  });
}

// ---- Uses

UsePage Service::uses(const Principal& me, long long method_id, long long page) {
  return db_.read([&](soci::session& sql) {
    UsePage out;
    out.total = repo_.count_uses(sql, method_id);
    long long pages = std::max(1LL, (out.total + kPerPage - 1) / kPerPage);
    out.page = std::clamp(page, 1LL, pages);
    for (auto& u : repo_.uses(sql, method_id, kPerPage, (out.page - 1) * kPerPage)) {
      UseView v;
      v.use = u;
      bool title_shown = false;
      if (u.project_id) {
        v.place_kind = "project";
        auto access = projects_.access(sql, me, u.project_id);
        title_shown = access.has_value();
        v.note_shown = access && access->reads();
        if (title_shown) v.place_url = projects::url_of(u.project_id);
      } else {
        v.place_kind = "halfday";
        auto access = programmes::session_access(sql, me.id ? &me : nullptr, u.session_id);
        bool published = repo_.programme_published(sql, u.session_id);
        bool inside = access && (access->staff() || access->trainee());
        title_shown = published || inside;
        v.note_shown = me.id != 0 && title_shown;
        if (title_shown) v.place_url = "/formations/sessions/" + std::to_string(u.session_id);
      }
      v.masked = !title_shown;
      if (v.masked) v.use.place_title.clear();
      if (!v.note_shown) {
        v.use.note.clear();
        v.use.recorded_by_name.clear();
      }
      v.may_delete = me.id != 0 && (u.recorded_by == me.id || library_keeper(me));
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

UseTargets Service::use_targets(const Principal& me) {
  UseTargets t;
  if (me.id == 0) return t;
  db_.read([&](soci::session& sql) {
    t.projects = repo_.contributed_projects(sql, me.id);
    t.halfdays = repo_.taught_halfdays(sql, me.id, local_day(store::now_seconds()));
  });
  return t;
}

Outcome Service::record_use(const Actor& actor, const Principal& me, long long method_id, const UseInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.find(sql, method_id);
    if (!m || (m->visibility != "public" && me.id == 0)) roll_back(Outcome::not_found());
    if (me.id == 0) roll_back(Outcome::forbidden());
    Use u;
    u.method_id = method_id;
    u.recorded_by = me.id;
    if (in.place == "project") {
      // A project one may not see gets the same answer as one where one only observes: pick one of yours.
      auto access = in.project_id ? projects_.access(sql, me, in.project_id) : std::nullopt;
      if (!access || !access->contributes()) refuse("methods.errors.use_project", "project");
      u.project_id = in.project_id;
      auto day = parse_date(in.used_on);
      if (!day) refuse("methods.errors.use_day", "used_on");
      u.used_on = iso_date(*day);
      if (u.used_on > local_day(store::now_seconds())) refuse("methods.errors.use_day_future", "used_on");
    } else if (in.place == "halfday") {
      auto h = in.halfday_id ? repo_.halfday(sql, in.halfday_id) : std::nullopt;
      auto access = h ? programmes::session_access(sql, &me, h->session_id) : std::nullopt;
      if (!h || !access || !access->trainer) refuse("methods.errors.use_halfday", "halfday");
      u.halfday_id = in.halfday_id;
      u.used_on = h->day;
      if (u.used_on > local_day(store::now_seconds())) refuse("methods.errors.use_halfday_future", "halfday");
    } else {
      refuse("methods.errors.use_place", "place");
    }
    u.note = trim(in.note);
    if (too_long(u.note, 2000)) refuse("methods.errors.use_note", "note");
    if (repo_.use_exists(sql, u)) roll_back(Outcome::conflict("methods.errors.use_duplicate", "used_on"));
    long long id = repo_.insert_use(sql, u, store::now_seconds());
    audit_.record(
        sql, actor, "method.use", "method:" + std::to_string(method_id),
        (u.project_id ? "project:" + std::to_string(u.project_id) : "halfday:" + std::to_string(u.halfday_id)) + " " +
            u.used_on + " (use " + std::to_string(id) + ")");
    return Outcome::success(method_id);
  });
}

Outcome Service::delete_use(const Actor& actor, const Principal& me, long long use_id) {
  return db_.attempt([&](soci::session& sql) {
    auto u = repo_.use(sql, use_id);
    auto m = u ? repo_.find(sql, u->method_id) : std::nullopt;
    if (!u || !m || (m->visibility != "public" && me.id == 0)) roll_back(Outcome::not_found());
    if (me.id == 0 || (u->recorded_by != me.id && !library_keeper(me)))
      roll_back(Outcome::forbidden("methods.errors.not_recorder"));
    repo_.delete_use(sql, use_id);
    audit_.record(sql, actor, "method.use_delete", "method:" + std::to_string(u->method_id),
                  "use " + std::to_string(use_id) + " " + u->used_on);
    return Outcome::success(u->method_id);
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::methods
