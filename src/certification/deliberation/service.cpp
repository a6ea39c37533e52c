#include "certification/deliberation/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/crypto.hpp"

namespace trame::deliberation {

namespace {

bool contains(const std::vector<long long>& ids, long long id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The eligible graders of an entry (jury members not in conflict with its candidate).
std::vector<long long> graders_of(soci::session& sql, const juries::Repository& jury, const evaluations::Entry& e) {
  std::vector<long long> out;
  for (const auto& m : jury.members(sql, e.session_id))
    if (jury.conflicts(sql, e.registration_id, m.user_id).empty()) out.push_back(m.user_id);
  return out;
}

// The blocks still to decide for an entry: its version's blocks but those acquired earlier.
std::vector<referential::Block> open_blocks(const std::vector<referential::Block>& blocks,
                                            const std::vector<Acquired>& acquired) {
  std::vector<referential::Block> out;
  for (const auto& b : blocks)
    if (std::none_of(acquired.begin(), acquired.end(), [&](const Acquired& a) { return a.block_id == b.id; }))
      out.push_back(b);
  return out;
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

bool Service::reads(const Principal& me, const evaluations::EvaluationSession& s) {
  if (me.acting_for(perm::certifications_manage).covers(s.owner_id)) return true;
  return db_.read([&](soci::session& sql) { return jury_.member_of(sql, s.id, me.id).has_value(); });
}

std::optional<EntryView> Service::entry_view(const Principal& me, long long entry_id) {
  return db_.read([&](soci::session& sql) -> std::optional<EntryView> {
    auto e = sessions_.entry(sql, entry_id);
    auto s = e ? sessions_.session(sql, e->session_id) : std::nullopt;
    if (!s) return std::nullopt;
    bool staff = me.acting_for(perm::certifications_manage).covers(s->owner_id);
    auto member = jury_.member_of(sql, s->id, me.id);
    if (!staff && !member) return std::nullopt;
    auto r = registrations_.registration(sql, e->registration_id);
    EntryView v;
    v.session = *s;
    v.entry = *e;
    v.blocks = referential_.tree(sql, r->version_id);
    v.graders = graders_of(sql, jury_, *e);
    v.decisions = repo_.decisions(sql, entry_id);
    v.acquired = jury_.acquired(sql, e->registration_id, entry_id);
    v.minutes_made = repo_.minutes(sql, s->id).has_value();
    bool grader = contains(v.graders, me.id);
    bool in_conflict = member && !grader;
    auto mine = jury_.grid_of(sql, entry_id, me.id);
    // A grader sees the others' grids once theirs is submitted; a member in conflict sees none.
    v.grids_visible = !in_conflict && (!grader || (mine && mine->status == "submitted"));
    for (const auto& g : jury_.grids(sql, entry_id)) {
      if (!contains(v.graders, g.juror_id)) continue;
      if (g.status == "submitted") ++v.submitted;
      if (v.grids_visible) v.grids.push_back(GridColumn{g.id, g.juror_name, g.status, g.marks});
    }
    v.ready = v.submitted >= static_cast<long long>(v.graders.size()) && v.graders.size() >= 2;
    bool chair_free = false;
    for (const auto& m : jury_.members(sql, s->id))
      if (m.chair && contains(v.graders, m.user_id)) chair_free = true;
    v.recorder = member && grader && (member->chair || !chair_free);
    v.may_decide = v.recorder && !v.minutes_made;
    v.may_reopen = member && member->chair && !v.minutes_made;
    return v;
  });
}

Outcome Service::decide(const Actor& actor, const Principal& me, long long entry_id,
                        const std::vector<BlockDecision>& in) {
  auto v = entry_view(me, entry_id);
  if (!v) return Outcome::not_found();
  if (!v->recorder) return Outcome::forbidden("deliberation.errors.not_recorder");
  if (v->minutes_made) return Outcome::conflict("deliberation.errors.minutes_made");
  if (!v->ready) return Outcome::conflict("deliberation.errors.grids_missing");
  std::vector<Decision> decisions;
  for (const auto& b : open_blocks(v->blocks, v->acquired)) {
    auto it = std::find_if(in.begin(), in.end(), [&](const BlockDecision& d) { return d.block_id == b.id; });
    std::string field = "block_" + std::to_string(b.id);
    if (it == in.end() || (it->validated != "1" && it->validated != "0"))
      return Outcome::failure("deliberation.errors.decision", field);
    std::string reasons = trim(it->reasons);
    if (reasons.empty() || code_points(reasons) > 5000)
      return Outcome::failure("deliberation.errors.reasons", "reasons_" + std::to_string(b.id));
    decisions.push_back(Decision{entry_id, b.id, it->validated == "1", reasons, 0, ""});
  }
  return db_.attempt([&](soci::session& sql) {
    if (repo_.minutes(sql, v->session.id)) roll_back(Outcome::conflict("deliberation.errors.minutes_made"));
    repo_.save_decisions(sql, entry_id, decisions, me.id, store::now_seconds());
    std::string detail;
    for (const auto& d : decisions) detail += std::to_string(d.block_id) + (d.validated ? ":oui " : ":non ");
    audit_.record(sql, actor, "deliberation.decided", "registration:" + std::to_string(v->entry.registration_id),
                  detail);
    return Outcome::success(entry_id);
  });
}

std::vector<Decision> Service::decisions(long long entry_id) {
  return db_.read([&](soci::session& sql) { return repo_.decisions(sql, entry_id); });
}

std::optional<Minutes> Service::minutes(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.minutes(sql, session_id); });
}

std::string Service::minutes_problem(long long session_id) {
  return db_.read([&](soci::session& sql) -> std::string {
    auto entries = sessions_.entries(sql, session_id);
    if (entries.empty()) return "deliberation.errors.no_candidates";
    for (const auto& e : entries) {
      auto r = registrations_.registration(sql, e.registration_id);
      auto blocks = open_blocks(referential_.tree(sql, r->version_id), jury_.acquired(sql, e.registration_id, e.id));
      auto decided = repo_.decisions(sql, e.id);
      for (const auto& b : blocks)
        if (std::none_of(decided.begin(), decided.end(), [&](const Decision& d) { return d.block_id == b.id; }))
          return "deliberation.errors.undecided";
      // A grid reopened after the decisions must be submitted again before the minutes.
      auto graders = graders_of(sql, jury_, e);
      for (const auto& g : jury_.grids(sql, e.id))
        if (contains(graders, g.juror_id) && g.status != "submitted") return "deliberation.errors.grids_missing";
    }
    return "";
  });
}

std::string Service::render_minutes(soci::session& sql, const evaluations::EvaluationSession& s) {
  docs::PdfDocument pdf(t("deliberation.minutes.pdf_title", {{"certification", s.certification_title}}));
  pdf.set_subject(s.title);
  pdf.set_page_label(t("deliberation.minutes.page"));
  pdf.heading(t("deliberation.minutes.pdf_title", {{"certification", s.certification_title}}));
  pdf.paragraph(t("deliberation.minutes.session", {{"session", s.title},
                                                   {"day", short_french_date(s.day)},
                                                   {"place", s.place + (s.address.empty() ? "" : ", " + s.address)}}));
  pdf.subheading(t("deliberation.minutes.jury"));
  docs::PdfTable jury{{t("deliberation.minutes.member"), t("deliberation.minutes.quality")}, {2, 2}, {}};
  for (const auto& m : jury_.members(sql, s.id))
    jury.rows.push_back({m.name, t("juries.kinds." + m.kind) + (m.chair ? " — " + t("juries.page.chair") : "")});
  pdf.table(jury);
  pdf.subheading(t("deliberation.minutes.decisions"));
  for (const auto& e : sessions_.entries(sql, s.id)) {
    auto r = registrations_.registration(sql, e.registration_id);
    auto blocks = referential_.tree(sql, r->version_id);
    auto decided = repo_.decisions(sql, e.id);
    auto acquired = jury_.acquired(sql, e.registration_id, e.id);
    pdf.paragraph(t("deliberation.minutes.candidate", {{"code", e.code}, {"name", e.name}}));
    docs::PdfTable table{
        {t("deliberation.minutes.block"), t("deliberation.minutes.decision"), t("deliberation.minutes.reasons")},
        {3, 2, 4},
        {}};
    long long validated = 0;
    for (const auto& b : blocks) {
      auto a = std::find_if(acquired.begin(), acquired.end(), [&](const Acquired& x) { return x.block_id == b.id; });
      auto d = std::find_if(decided.begin(), decided.end(), [&](const Decision& x) { return x.block_id == b.id; });
      if (a != acquired.end()) {
        ++validated;
        table.rows.push_back({b.code + " " + b.title, t("deliberation.minutes.acquired_before"), a->session_title});
      } else if (d != decided.end()) {
        if (d->validated) ++validated;
        table.rows.push_back(
            {b.code + " " + b.title,
             t(d->validated ? "deliberation.decision.validated" : "deliberation.decision.not_validated"), d->reasons});
      }
    }
    pdf.table(table);
    std::string result = validated == static_cast<long long>(blocks.size()) ? "deliberation.result.certified"
                         : validated > 0                                    ? "deliberation.result.partial"
                                                                            : "deliberation.result.failed";
    pdf.paragraph(t(result));
  }
  pdf.paragraph(t("deliberation.minutes.confirmation"));
  return pdf.render();
}

Outcome Service::make_minutes(const Actor& actor, const Principal& me, long long session_id) {
  auto s = juries_.evaluations().session(session_id);
  if (!s || !reads(me, *s)) return Outcome::not_found();
  bool staff = me.acting_for(perm::certifications_manage).covers(s->owner_id);
  auto member = juries_.sitting(me, session_id);
  if (!staff && !(member && member->chair)) return Outcome::forbidden("deliberation.errors.minutes_who");
  if (auto problem = minutes_problem(session_id); !problem.empty()) return Outcome::conflict(problem);
  return db_.attempt([&](soci::session& sql) {
    if (repo_.minutes(sql, session_id)) roll_back(Outcome::conflict("deliberation.errors.minutes_made"));
    std::string pdf = render_minutes(sql, *s);
    long long now = store::now_seconds();
    repo_.insert_minutes(sql, session_id, pdf, web::sha256_hex(pdf), now);
    repo_.set_session_status(sql, session_id, "held", now);
    audit_.record(sql, actor, "deliberation.minutes", "evaluation_session:" + std::to_string(session_id),
                  web::sha256_hex(pdf));
    return Outcome::success(session_id);
  });
}

Outcome Service::confirm(const Actor& actor, const Principal& me, long long session_id) {
  try {
    return db_.attempt([&](soci::session& sql) {
      auto member = jury_.member_of(sql, session_id, me.id);
      if (!member) roll_back(Outcome::not_found());
      auto m = repo_.minutes(sql, session_id);
      if (!m) roll_back(Outcome::conflict("deliberation.errors.no_minutes"));
      for (const auto& c : m->confirmations)
        if (c.user_id == me.id) roll_back(Outcome::conflict("deliberation.errors.already_confirmed"));
      long long now = store::now_seconds();
      repo_.confirm(sql, session_id, me.id, now);
      audit_.record(sql, actor, "deliberation.minutes.confirm", "evaluation_session:" + std::to_string(session_id),
                    m->sha256);
      if (m->confirmations.size() + 1 >= jury_.members(sql, session_id).size()) {
        repo_.lock_minutes(sql, session_id, now);
        repo_.set_session_status(sql, session_id, "closed", now);
        audit_.record(sql, actor, "deliberation.minutes.locked", "evaluation_session:" + std::to_string(session_id),
                      m->sha256);
      }
      return Outcome::success(session_id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("deliberation.errors.already_confirmed");
    throw;
  }
}

std::optional<std::string> Service::minutes_pdf(const Principal& me, long long session_id) {
  auto s = juries_.evaluations().session(session_id);
  if (!s || !reads(me, *s)) return std::nullopt;
  return db_.read([&](soci::session& sql) -> std::optional<std::string> {
    if (!repo_.minutes(sql, session_id)) return std::nullopt;
    return repo_.minutes_pdf(sql, session_id);
  });
}

}  // namespace trame::deliberation
