#include "certification/juries/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"

namespace trame::juries {

namespace {

constexpr std::size_t kMaxComment = 2000;

bool contains(const std::vector<long long>& ids, long long id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// A candidate's blocks but those validated in an earlier session (not graded again).
std::vector<referential::Block> open_blocks(std::vector<referential::Block> blocks,
                                            const std::vector<long long>& acquired) {
  std::erase_if(blocks, [&](const referential::Block& b) { return contains(acquired, b.id); });
  return blocks;
}

}  // namespace

std::vector<Member> Service::members(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.members(sql, session_id); });
}

Outcome Service::add_member(const Actor& actor, const ActingFor& managed, long long session_id,
                            const std::string& raw_email, const std::string& kind, bool chair) {
  std::string email = trim(raw_email);
  try {
    return db_.attempt([&](soci::session& sql) {
      auto s = sessions_.session(sql, session_id);
      if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
      if (s->status == "closed") refuse("evaluations.errors.closed");
      if (repo_.jury_validated_at(sql, session_id)) refuse("juries.errors.validated");
      if (!is_one_of(kind, member_kinds())) refuse("juries.errors.kind", "kind");
      Member m;
      m.session_id = session_id;
      m.user_id = repo_.user_by_email(sql, email);
      if (!m.user_id) refuse("juries.errors.no_account", "email");
      if (repo_.member_of(sql, session_id, m.user_id)) refuse("juries.errors.already_member", "email");
      // A candidate of the session does not sit on its jury.
      for (const auto& e : sessions_.entries(sql, session_id))
        if (e.user_id == m.user_id) refuse("juries.errors.candidate_member", "email");
      m.kind = kind;
      m.chair = false;
      long long id = repo_.insert_member(sql, m, store::now_seconds());
      if (chair) repo_.set_chair(sql, session_id, id);
      audit_.record(sql, actor, "juries.member.add", "evaluation_session:" + std::to_string(session_id),
                    email + (chair ? " (président)" : ""));
      return Outcome::success(session_id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("juries.errors.already_member", "email");
    throw;
  }
}

Outcome Service::remove_member(const Actor& actor, const ActingFor& managed, long long member_id) {
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.member(sql, member_id);
    auto s = m ? sessions_.session(sql, m->session_id) : std::nullopt;
    if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
    if (repo_.jury_validated_at(sql, s->id)) refuse("juries.errors.validated");
    repo_.delete_member(sql, member_id);
    audit_.record(sql, actor, "juries.member.remove", "evaluation_session:" + std::to_string(s->id), m->email);
    return Outcome::success(s->id);
  });
}

Outcome Service::make_chair(const Actor& actor, const ActingFor& managed, long long member_id) {
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.member(sql, member_id);
    auto s = m ? sessions_.session(sql, m->session_id) : std::nullopt;
    if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
    if (s->status == "closed") refuse("evaluations.errors.closed");
    repo_.set_chair(sql, s->id, member_id);
    audit_.record(sql, actor, "juries.chair", "evaluation_session:" + std::to_string(s->id), m->email);
    return Outcome::success(s->id);
  });
}

std::vector<Graders> Service::graders(long long session_id) {
  return db_.read([&](soci::session& sql) {
    std::vector<Graders> out;
    auto members = repo_.members(sql, session_id);
    for (const auto& e : sessions_.entries(sql, session_id)) {
      Graders g;
      g.entry_id = e.id;
      g.registration_id = e.registration_id;
      g.code = e.code;
      for (const auto& m : members) {
        auto c = repo_.conflicts(sql, e.registration_id, m.user_id);
        if (c.empty()) g.eligible.push_back(m.user_id);
        else g.conflicts.insert(g.conflicts.end(), c.begin(), c.end());
      }
      out.push_back(g);
    }
    return out;
  });
}

Outcome Service::declare_conflict(const Actor& actor, const Principal& me, long long session_id,
                                  long long registration_id, long long user_id, const std::string& raw_reason) {
  std::string reason = trim(raw_reason);
  try {
    return db_.attempt([&](soci::session& sql) {
      auto s = sessions_.session(sql, session_id);
      if (!s) roll_back(Outcome::not_found());
      bool staff = me.acting_for(perm::certifications_manage).covers(s->owner_id);
      if (!staff && !repo_.member_of(sql, session_id, me.id)) roll_back(Outcome::not_found());
      if (!staff && user_id != me.id) refuse("juries.errors.declare_self", "member");
      // Once validated, the graders of each candidate are fixed (two at least): no new conflict.
      if (repo_.jury_validated_at(sql, session_id)) refuse("juries.errors.validated");
      if (!repo_.member_of(sql, session_id, user_id)) refuse("juries.errors.member", "member");
      bool in_session = false;
      for (const auto& e : sessions_.entries(sql, session_id))
        in_session = in_session || e.registration_id == registration_id;
      if (!in_session) refuse("juries.errors.candidate", "candidate");
      if (reason.empty() || code_points(reason) > 500) refuse("juries.errors.reason", "reason");
      repo_.declare_conflict(sql, registration_id, user_id, reason, me.id, store::now_seconds());
      audit_.record(sql, actor, "juries.conflict", "registration:" + std::to_string(registration_id),
                    "user:" + std::to_string(user_id));
      return Outcome::success(session_id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("juries.errors.already_declared", "member");
    throw;
  }
}

Outcome Service::validate_jury(const Actor& actor, const ActingFor& managed, long long session_id) {
  auto s = evaluations_.session(session_id);
  if (!s || !managed.covers(s->owner_id)) return Outcome::not_found();
  auto list = graders(session_id);
  return db_.attempt([&](soci::session& sql) {
    if (repo_.jury_validated_at(sql, session_id)) refuse("juries.errors.validated");
    auto members = repo_.members(sql, session_id);
    bool chair = std::any_of(members.begin(), members.end(), [](const Member& m) { return m.chair; });
    if (!chair) refuse("juries.errors.no_chair");
    if (list.empty()) refuse("juries.errors.no_candidates");
    for (const auto& g : list)
      if (g.eligible.size() < 2) refuse("juries.errors.too_few_graders");
    repo_.set_jury_validated(sql, session_id, store::now_seconds());
    audit_.record(sql, actor, "juries.validated", "evaluation_session:" + std::to_string(session_id),
                  std::to_string(members.size()) + " membres");
    return Outcome::success(session_id);
  });
}

long long Service::jury_validated_at(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.jury_validated_at(sql, session_id); });
}

std::optional<Member> Service::sitting(const Principal& me, long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.member_of(sql, session_id, me.id); });
}

std::optional<GridView> Service::grid_view(const Principal& me, long long entry_id) {
  return db_.read([&](soci::session& sql) -> std::optional<GridView> {
    auto e = sessions_.entry(sql, entry_id);
    auto s = e ? sessions_.session(sql, e->session_id) : std::nullopt;
    auto m = s ? repo_.member_of(sql, s->id, me.id) : std::nullopt;
    if (!m) return std::nullopt;
    auto r = registrations_.registration(sql, e->registration_id);
    GridView v{*s,
               *e,
               open_blocks(referential_.tree(sql, r->version_id), repo_.acquired_blocks(sql, r->id, entry_id)),
               repo_.grid_of(sql, entry_id, me.id),
               *m,
               repo_.jury_validated_at(sql, s->id) != 0,
               repo_.conflicts(sql, e->registration_id, me.id)};
    return v;
  });
}

Outcome Service::save_grid(const Actor& actor, const Principal& me, long long entry_id, const std::vector<Mark>& raw,
                           bool submit) {
  return db_.attempt([&](soci::session& sql) {
    auto e = sessions_.entry(sql, entry_id);
    auto s = e ? sessions_.session(sql, e->session_id) : std::nullopt;
    auto m = s ? repo_.member_of(sql, s->id, me.id) : std::nullopt;
    if (!m) roll_back(Outcome::not_found());
    if (!repo_.jury_validated_at(sql, s->id)) refuse("juries.errors.not_validated");
    if (s->status == "closed") refuse("evaluations.errors.closed");
    if (!repo_.conflicts(sql, e->registration_id, me.id).empty())
      roll_back(Outcome::forbidden("juries.errors.conflict"));
    auto grid = repo_.grid_of(sql, entry_id, me.id);
    if (grid && grid->status == "submitted") roll_back(Outcome::conflict("juries.errors.already_submitted"));
    if (repo_.minutes_made(sql, s->id)) roll_back(Outcome::conflict("deliberation.errors.minutes_made"));
    auto r = registrations_.registration(sql, e->registration_id);
    std::vector<long long> criteria;
    for (const auto& b :
         open_blocks(referential_.tree(sql, r->version_id), repo_.acquired_blocks(sql, r->id, entry_id)))
      for (const auto& k : b.competences)
        for (const auto& c : k.criteria) criteria.push_back(c.id);
    std::vector<Mark> marks;
    for (auto mark : raw) {
      if (mark.mark.empty() && trim(mark.comment).empty()) continue;
      if (!contains(criteria, mark.criterion_id)) refuse("juries.errors.criterion");
      std::string field = "mark_" + std::to_string(mark.criterion_id);
      if (!is_one_of(mark.mark, juries::marks())) refuse("juries.errors.mark", field);
      mark.comment = trim(mark.comment);
      if (code_points(mark.comment) > kMaxComment) refuse("juries.errors.comment_long", "comment_" + field.substr(5));
      if (needs_comment(mark.mark) && mark.comment.empty())
        refuse("juries.errors.comment", "comment_" + std::to_string(mark.criterion_id));
      marks.push_back(mark);
    }
    if (submit)
      for (long long c : criteria)
        if (std::none_of(marks.begin(), marks.end(), [&](const Mark& x) { return x.criterion_id == c; }))
          refuse("juries.errors.incomplete", "mark_" + std::to_string(c));
    long long now = store::now_seconds();
    long long grid_id = grid ? grid->id : repo_.insert_grid(sql, entry_id, me.id, now);
    repo_.save_marks(sql, grid_id, marks, now);
    if (submit) {
      if (!repo_.submit(sql, grid_id, now)) roll_back(Outcome::conflict("juries.errors.already_submitted"));
      audit_.record(sql, actor, "juries.grid.submit", "registration:" + std::to_string(e->registration_id),
                    "grid:" + std::to_string(grid_id));
    }
    return Outcome::success(entry_id);
  });
}

Outcome Service::reopen(const Actor& actor, const Principal& me, long long grid_id, const std::string& raw_reason) {
  std::string reason = trim(raw_reason);
  return db_.attempt([&](soci::session& sql) {
    auto g = repo_.grid(sql, grid_id);
    auto e = g ? sessions_.entry(sql, g->entry_id) : std::nullopt;
    auto s = e ? sessions_.session(sql, e->session_id) : std::nullopt;
    auto m = s ? repo_.member_of(sql, s->id, me.id) : std::nullopt;
    if (!m) roll_back(Outcome::not_found());
    if (!m->chair) roll_back(Outcome::forbidden("juries.errors.chair_only"));
    if (s->status == "closed") refuse("evaluations.errors.closed");
    if (repo_.minutes_made(sql, s->id)) roll_back(Outcome::conflict("deliberation.errors.minutes_made"));
    if (reason.empty() || code_points(reason) > 500) refuse("juries.errors.reopen_reason", "reason");
    if (!repo_.reopen(sql, grid_id, reason, store::now_seconds()))
      roll_back(Outcome::conflict("juries.errors.not_submitted"));
    audit_.record(sql, actor, "juries.grid.reopen", "registration:" + std::to_string(e->registration_id),
                  "grid:" + std::to_string(grid_id) + " — " + reason);
    return Outcome::success(e->id);
  });
}

std::vector<ToGrade> Service::to_grade(long long user_id) {
  return db_.read([&](soci::session& sql) {
    std::vector<ToGrade> out;
    for (long long session_id : repo_.sessions_of(sql, user_id)) {
      auto s = sessions_.session(sql, session_id);
      if (!s || s->status == "closed" || !repo_.jury_validated_at(sql, session_id)) continue;
      for (const auto& e : sessions_.entries(sql, session_id)) {
        ToGrade t{s->id, s->title, s->day, e.id, e.code, "none"};
        if (!repo_.conflicts(sql, e.registration_id, user_id).empty()) t.status = "conflict";
        else if (auto g = repo_.grid_of(sql, e.id, user_id)) t.status = g->status;
        out.push_back(t);
      }
    }
    return out;
  });
}

std::vector<evaluations::Case> Service::cases_for_jury(const Principal& me, long long session_id) {
  return db_.read([&](soci::session& sql) {
    auto s = sessions_.session(sql, session_id);
    if (!s || !repo_.member_of(sql, session_id, me.id) || local_day(store::now_seconds()) < s->day)
      return std::vector<evaluations::Case>{};
    return sessions_.cases(sql, session_id);
  });
}

std::optional<evaluations::Case> Service::case_for_jury(const Principal& me, long long case_id) {
  auto c = db_.read([&](soci::session& sql) { return sessions_.case_(sql, case_id); });
  if (!c) return std::nullopt;
  for (const auto& visible : cases_for_jury(me, c->session_id))
    if (visible.id == case_id) return visible;
  return std::nullopt;
}

}  // namespace trame::juries
