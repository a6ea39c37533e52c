#include "mediation/allo/service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <sodium.h>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/app.hpp"

namespace trame::mediation::allo {

namespace {

constexpr const char* kCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

std::string random_chars(std::size_t n) {
  std::string alphabet = kCodeAlphabet;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  return out;
}

std::string slot_subject(long long id) {
  return "allo_slot:" + std::to_string(id);
}

std::string show_subject(long long id) {
  return "allo_show:" + std::to_string(id);
}

template <typename T>
void paginate(Page<T>& out, long long total, int page) {
  out.total = total;
  out.pages = static_cast<int>(std::max<long long>(1, (total + Service::kPerPage - 1) / Service::kPerPage));
  out.page = std::clamp(page, 1, out.pages);
}

constexpr std::array<const char*, 7> kDayNames = {"lundi",    "mardi",  "mercredi", "jeudi",
                                                  "vendredi", "samedi", "dimanche"};

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::string Service::when(const Slot& s) const {
  int wd = week_day(s.day);
  return t("allo.when", {{"weekday", wd >= 0 ? kDayNames[static_cast<std::size_t>(wd)] : ""},
                         {"day", short_french_date(s.day)},
                         {"hour", std::to_string(s.hour)}});
}

std::vector<Choice> Service::relais_of(const Principal& me) {
  std::vector<Choice> out;
  ActingFor scope = me.acting_for(perm::allo_register);
  for (const auto& m : me.memberships) {
    bool covered = scope.all ? role_grants(m.role, perm::allo_register) : scope.covers(m.organisation_id);
    if (covered && std::none_of(out.begin(), out.end(), [&](const Choice& c) { return c.id == m.organisation_id; }))
      out.push_back({m.organisation_id, m.organisation_name});
  }
  return out;
}

// ---- Artists

Page<Show> Service::my_shows(const Principal& me, int page) {
  return db_.read([&](soci::session& sql) {
    Page<Show> out;
    paginate(out, repo_.count_shows(sql, me.id, ""), page);
    out.items = repo_.shows(sql, me.id, "", kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

namespace {

// The checks of a show's form (a proposal, or an edit where the sample may be left out), filling `s`.
Outcome check_show(const ShowInput& in, Show& s, bool sample_required) {
  s.title = trim(in.title);
  if (s.title.empty()) return Outcome::failure("allo.errors.title", "title");
  if (code_points(s.title) > 150) return Outcome::failure("allo.errors.title_long", "title");
  s.discipline = trim(in.discipline);
  if (s.discipline.empty() || code_points(s.discipline) > 80)
    return Outcome::failure("allo.errors.discipline", "discipline");
  s.language = trim(in.language);
  if (!known_language(s.language)) return Outcome::failure("allo.errors.language", "language");
  s.duration_minutes = parse_duration(trim(in.duration));
  if (!s.duration_minutes) return Outcome::failure("allo.errors.duration", "duration");
  s.description = trim(in.description);
  if (code_points(s.description) > 1000) return Outcome::failure("allo.errors.description", "description");
  if (in.sample_bytes.empty()) {
    if (sample_required) return Outcome::failure("allo.errors.sample_missing", "sample");
    return Outcome::success();
  }
  if (static_cast<long long>(in.sample_bytes.size()) > kMaxSample)
    return Outcome::failure("allo.errors.sample_size", "sample");
  s.sample_type = detect_audio(in.sample_bytes);
  if (s.sample_type.empty()) return Outcome::failure("allo.errors.sample_type", "sample");
  std::string base = docs::clean_file_name(in.sample_name);
  auto dot = base.rfind('.');
  if (dot != std::string::npos) base.erase(dot);
  if (base.empty()) base = "extrait";
  if (base.size() > 100) base.resize(100);
  s.sample_name = docs::clean_file_name(base + "." + audio_extension(s.sample_type));
  s.sample_size = static_cast<long long>(in.sample_bytes.size());
  return Outcome::success();
}

// The slot `id` while it may still change or take listeners (not cancelled, not started), or the
// transaction rolled back with why.
std::optional<Slot> open_slot(const Repository& repo, soci::session& sql, long long id, long long now) {
  auto s = repo.slot(sql, id);
  if (!s) roll_back(Outcome::not_found());
  if (s->cancelled()) roll_back(Outcome::conflict("allo.errors.slot_cancelled"));
  if (now >= s->starts_at) roll_back(Outcome::conflict("allo.errors.slot_started"));
  return s;
}

}  // namespace

Outcome Service::propose(const Actor& actor, const Principal& me, const ShowInput& in) {
  if (!performs(me)) return Outcome::forbidden();
  Show s;
  s.artist_id = me.id;
  if (auto checked = check_show(in, s, true); !checked.ok) return checked;
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    s.id = repo_.insert_show(sql, s, in.sample_bytes, now);
    audit_.record(sql, actor, "allo.show.propose", show_subject(s.id), s.title);
    return Outcome::success(s.id);
  });
}

std::optional<Show> Service::my_show(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<Show> {
    auto s = repo_.show(sql, id);
    if (!s || s->artist_id != me.id) return std::nullopt;
    return s;
  });
}

Outcome Service::edit_show(const Actor& actor, const Principal& me, long long show_id, const ShowInput& in) {
  if (!performs(me)) return Outcome::forbidden();
  auto current = my_show(me, show_id);
  if (!current) return Outcome::not_found();
  if (current->status != "proposed" && current->status != "accepted")
    return Outcome::conflict("allo.errors.show_closed");
  ShowInput typed = in;
  bool accepted = current->status == "accepted";
  if (accepted) {
    // What the programme shows stays: a field left out keeps its value, a different one is refused.
    auto same = [](const std::string& typed_value, const std::string& value) {
      return trim(typed_value).empty() || trim(typed_value) == value;
    };
    if (!same(in.title, current->title) || !same(in.discipline, current->discipline) ||
        !same(in.language, current->language) || !same(in.duration, std::to_string(current->duration_minutes)))
      return Outcome::failure("allo.errors.show_locked", "title");
    typed.title = current->title;
    typed.discipline = current->discipline;
    typed.language = current->language;
    typed.duration = std::to_string(current->duration_minutes);
  }
  Show s;
  s.id = show_id;
  s.artist_id = me.id;
  if (auto checked = check_show(typed, s, false); !checked.ok) return checked;
  bool new_sample = !in.sample_bytes.empty();
  return db_.attempt([&](soci::session& sql) {
    if (!repo_.update_show(sql, s, new_sample ? &in.sample_bytes : nullptr, current->status, store::now_seconds()))
      roll_back(Outcome::conflict("allo.errors.show_closed"));
    audit_.record(sql, actor, "allo.show.edit", show_subject(show_id),
                  s.title + (new_sample ? " (nouvel extrait)" : ""));
    return Outcome::success(show_id);
  });
}

Outcome Service::withdraw_show(const Actor& actor, const Principal& me, long long show_id) {
  if (!performs(me)) return Outcome::forbidden();
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.show(sql, show_id);
    if (!s || s->artist_id != me.id) roll_back(Outcome::not_found());
    if (s->status != "proposed" && s->status != "accepted") roll_back(Outcome::conflict("allo.errors.show_closed"));
    if (repo_.future_slots(sql, show_id, store::now_seconds()) > 0) refuse("allo.errors.withdraw_programmed");
    if (!repo_.withdraw_show(sql, show_id, store::now_seconds()))
      roll_back(Outcome::conflict("allo.errors.show_closed"));
    audit_.record(sql, actor, "allo.show.withdraw", show_subject(show_id), s->title);
    return Outcome::success(show_id);
  });
}

std::vector<Availability> Service::my_availabilities(const Principal& me) {
  return db_.read(
      [&](soci::session& sql) { return repo_.availabilities(sql, me.id, local_day(store::now_seconds()), 200); });
}

Outcome Service::add_availability(const Actor& actor, const Principal& me, const std::string& day_in,
                                  const std::vector<std::string>& hours) {
  if (!performs(me)) return Outcome::forbidden();
  auto date = parse_date(day_in);
  if (!date) return Outcome::failure("allo.errors.day", "day");
  std::string day = iso_date(*date);
  if (day < local_day(store::now_seconds())) return Outcome::failure("allo.errors.day_past", "day");
  std::set<int> chosen;
  for (const auto& h : hours) {
    int hour = parse_hour(trim(h));
    if (!hour) return Outcome::failure("allo.errors.hour", "hours");
    chosen.insert(hour);
  }
  if (chosen.empty()) return Outcome::failure("allo.errors.hours_none", "hours");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    long long added = 0;
    for (int h : chosen) added += repo_.add_availability(sql, me.id, day, h, now) ? 1 : 0;
    audit_.record(sql, actor, "allo.availability.add", "user:" + std::to_string(me.id),
                  day + " (" + std::to_string(added) + ")");
    return Outcome::success(added);
  });
}

Outcome Service::remove_availability(const Actor& actor, const Principal& me, long long id) {
  if (!performs(me)) return Outcome::forbidden();
  return db_.attempt([&](soci::session& sql) {
    if (!repo_.remove_availability(sql, me.id, id)) roll_back(Outcome::not_found());
    audit_.record(sql, actor, "allo.availability.remove", "user:" + std::to_string(me.id), std::to_string(id));
    return Outcome::success(id);
  });
}

Page<Slot> Service::my_slots(const Principal& me, int page) {
  return db_.read([&](soci::session& sql) {
    Page<Slot> out;
    paginate(out, repo_.count_artist_slots(sql, me.id), page);
    out.items = repo_.artist_slots(sql, me.id, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

Outcome Service::report(const Actor& actor, const Principal& me, long long slot_id, const std::string& count_in,
                        const std::string& remarks_in) {
  long long count = parse_count(trim(count_in), 0, kMaxCapacity * 10);
  std::string remarks = trim(remarks_in);
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.slot(sql, slot_id);
    if (!s) roll_back(Outcome::not_found());
    if (s->artist_id != me.id) roll_back(Outcome::forbidden());
    if (s->cancelled()) roll_back(Outcome::conflict("allo.errors.slot_cancelled", "count"));
    if (store::now_seconds() < s->starts_at) roll_back(Outcome::conflict("allo.errors.report_early", "count"));
    if (count < 0) refuse("allo.errors.count", "count");
    if (code_points(remarks) > 2000) refuse("allo.errors.remarks", "remarks");
    repo_.report(sql, slot_id, count, remarks, store::now_seconds());
    audit_.record(sql, actor, "allo.slot.report", slot_subject(slot_id), std::to_string(count) + " auditeur(s)");
    return Outcome::success(slot_id);
  });
}

std::optional<std::pair<Show, std::string>> Service::sample(const Principal& me, long long show_id) {
  return db_.read([&](soci::session& sql) -> std::optional<std::pair<Show, std::string>> {
    auto s = repo_.show(sql, show_id);
    if (!s || (s->artist_id != me.id && !programs(me))) return std::nullopt;
    return std::make_pair(*s, repo_.sample(sql, show_id));
  });
}

// ---- Coordinators

Page<Show> Service::shows(const std::string& status, int page) {
  return db_.read([&](soci::session& sql) {
    Page<Show> out;
    paginate(out, repo_.count_shows(sql, 0, status), page);
    out.items = repo_.shows(sql, 0, status, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

Outcome Service::decide(const Actor& actor, const Principal& me, long long show_id, const std::string& decision) {
  if (!programs(me)) return Outcome::forbidden();
  if (decision != "accepted" && decision != "declined") return Outcome::failure("allo.errors.decision", "decision");
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.show(sql, show_id);
    if (!s) roll_back(Outcome::not_found());
    if (!repo_.decide(sql, show_id, decision, me.id, store::now_seconds()))
      roll_back(Outcome::conflict("allo.errors.already_decided"));
    audit_.record(sql, actor, "allo.show." + decision, show_subject(show_id), s->title);
    return Outcome::success(show_id);
  });
}

std::vector<Show> Service::candidates(const std::string& day, int hour) {
  return db_.read([&](soci::session& sql) { return repo_.available_shows(sql, day, hour); });
}

Outcome Service::create_slot(const Actor& actor, const Principal& me, const SlotInput& in) {
  if (!programs(me)) return Outcome::forbidden();
  Slot s;
  auto date = parse_date(in.day);
  if (!date) return Outcome::failure("allo.errors.day", "day");
  s.day = iso_date(*date);
  s.hour = parse_hour(trim(in.hour));
  if (!s.hour) return Outcome::failure("allo.errors.hour", "hour");
  s.starts_at = local_time(date->year, date->month, date->day, s.hour, 0);
  s.show_id = web::parse_id(trim(in.show));
  if (s.show_id <= 0) return Outcome::failure("allo.errors.show", "show");
  s.bridge_number = trim(in.bridge_number);
  if (!bridge_number_ok(s.bridge_number)) return Outcome::failure("allo.errors.bridge_number", "bridge_number");
  s.bridge_pin = trim(in.bridge_pin);
  if (!pin_ok(s.bridge_pin)) return Outcome::failure("allo.errors.bridge_pin", "bridge_pin");
  std::string capacity = trim(in.capacity);
  s.capacity = capacity.empty() ? kDefaultCapacity : parse_count(capacity, 1, kMaxCapacity);
  if (s.capacity < 0) return Outcome::failure("allo.errors.capacity", "capacity");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    if (s.starts_at <= now) refuse("allo.errors.slot_past", "day");
    auto show = repo_.show(sql, s.show_id);
    if (!show || show->status != "accepted") refuse("allo.errors.show", "show");
    if (!repo_.available(sql, show->artist_id, s.day, s.hour)) refuse("allo.errors.artist_unavailable", "show");
    s.id = repo_.insert_slot(sql, s, me.id, now);
    if (!s.id) roll_back(Outcome::conflict("allo.errors.slot_taken", "hour"));
    audit_.record(sql, actor, "allo.slot.create", slot_subject(s.id),
                  s.day + " " + std::to_string(s.hour) + " h — " + show->title);
    return Outcome::success(s.id);
  });
}

Outcome Service::cancel_slot(const Actor& actor, const Principal& me, long long slot_id, const std::string& reason_in) {
  if (!programs(me)) return Outcome::forbidden();
  std::string reason = trim(reason_in);
  if (reason.empty()) return Outcome::failure("allo.errors.cancel_reason", "reason");
  if (code_points(reason) > 500) return Outcome::failure("allo.errors.cancel_reason_long", "reason");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    auto s = open_slot(repo_, sql, slot_id, now);
    if (!repo_.cancel_slot(sql, slot_id, reason, me.id, now))
      roll_back(Outcome::conflict("allo.errors.slot_cancelled"));
    write_referents(sql, *s, "cancelled", {{"reason", reason}});
    audit_.record(sql, actor, "allo.slot.cancel", slot_subject(slot_id),
                  s->day + " " + std::to_string(s->hour) + " h — " + s->show_title + " : " + reason);
    return Outcome::success(slot_id);
  });
}

Outcome Service::edit_slot(const Actor& actor, const Principal& me, long long slot_id, const SlotInput& in) {
  if (!programs(me)) return Outcome::forbidden();
  long long show_id = web::parse_id(trim(in.show));
  if (show_id <= 0) return Outcome::failure("allo.errors.show", "show");
  std::string number = trim(in.bridge_number);
  if (!bridge_number_ok(number)) return Outcome::failure("allo.errors.bridge_number", "bridge_number");
  std::string pin = trim(in.bridge_pin);
  if (!pin_ok(pin)) return Outcome::failure("allo.errors.bridge_pin", "bridge_pin");
  long long capacity = parse_count(trim(in.capacity), 1, kMaxCapacity);
  if (capacity < 0) return Outcome::failure("allo.errors.capacity", "capacity");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    auto s = open_slot(repo_, sql, slot_id, now);
    Slot next = *s;
    next.bridge_number = number;
    next.bridge_pin = pin;
    next.capacity = capacity;
    if (capacity < s->registered) refuse("allo.errors.capacity_below", "capacity");
    std::string title = s->show_title;
    if (show_id != s->show_id) {
      auto show = repo_.show(sql, show_id);
      if (!show || show->status != "accepted") refuse("allo.errors.show", "show");
      if (!repo_.available(sql, show->artist_id, s->day, s->hour)) refuse("allo.errors.artist_unavailable", "show");
      next.show_id = show_id;
      title = show->title;
    }
    if (!repo_.update_slot(sql, next, now)) roll_back(Outcome::conflict("allo.errors.slot_changed"));
    std::vector<std::string> changes;
    if (next.show_id != s->show_id) changes.push_back("spectacle « " + s->show_title + " » → « " + title + " »");
    if (number != s->bridge_number || pin != s->bridge_pin) changes.emplace_back("pont");
    if (capacity != s->capacity)
      changes.push_back("places " + std::to_string(s->capacity) + " → " + std::to_string(capacity));
    if (changes.empty()) return Outcome::success(slot_id);
    // The referents hear of what changes for their listeners: the show or the way to call.
    if (next.show_id != s->show_id || number != s->bridge_number || pin != s->bridge_pin) {
      Slot now_slot = *s;
      now_slot.show_title = title;
      std::string what_changed = next.show_id != s->show_id
                                     ? t("allo.mail.changed.show", {{"before", s->show_title}, {"title", title}})
                                     : t("allo.mail.changed.bridge");
      write_referents(sql, now_slot, "changed", {{"number", number}, {"pin", pin}, {"change", what_changed}});
    }
    std::string what;
    for (const auto& c : changes) what += (what.empty() ? "" : ", ") + c;
    audit_.record(sql, actor, "allo.slot.edit", slot_subject(slot_id), what);
    return Outcome::success(slot_id);
  });
}

void Service::write_referents(soci::session& sql, const Slot& s, const std::string& kind, web::Params params) {
  params.emplace_back("title", s.show_title);
  params.emplace_back("when", when(s));
  params.emplace_back("url", public_url_ + "/allo-artiste/creneaux/" + std::to_string(s.id));
  params.emplace_back("n", "");
  for (const auto& r : repo_.referents_of(sql, s.id)) {
    if (r.email.empty()) continue;
    params.back().second = std::to_string(r.listeners);
    mail_.enqueue(sql, r.email, t("allo.mail." + kind + ".subject", params), t("allo.mail." + kind + ".body", params));
  }
}

Stats Service::stats(const std::string& from, const std::string& to) {
  return db_.read([&](soci::session& sql) {
    Stats out;
    out.from = from;
    out.to = to;
    out.months = repo_.stats_by_month(sql, from, to);
    out.languages = repo_.stats_by_language(sql, from, to);
    for (auto& l : out.languages) l.label = language_name(l.key);
    out.relais = repo_.stats_by_relais(sql, from, to);
    return out;
  });
}

// ---- The programme

Week Service::week(const std::string& day) {
  Week w;
  w.monday = week_monday(day);
  if (w.monday.empty()) w.monday = week_monday(local_day(store::now_seconds()));
  for (int i = 0; i < 7; ++i) w.days.push_back(add_days(w.monday, i));
  w.sunday = w.days.back();
  w.slots = db_.read([&](soci::session& sql) { return repo_.slots_between(sql, w.monday, w.sunday); });
  return w;
}

std::string Service::programme_pdf(const Week& w) {
  docs::PdfDocument pdf(
      t("allo.print.fr.title", {{"from", short_french_date(w.monday)}, {"to", short_french_date(w.sunday)}}));
  pdf.set_large_type(true);  // read by people without internet, often with poor sight
  auto write_language = [&](const std::string& lang, bool all_shows) {
    std::string prefix = "allo.print." + lang + ".";
    pdf.heading(t(prefix + "title", {{"from", short_french_date(w.monday)}, {"to", short_french_date(w.sunday)}}));
    pdf.paragraph(t(prefix + "how"));
    for (const auto& day : w.days) {
      std::vector<const Slot*> of_day;
      for (const auto& s : w.slots)
        if (s.day == day && (all_shows || s.show_language == lang)) of_day.push_back(&s);
      if (of_day.empty()) continue;
      // The day's name from the language's own list (« lundi,mardi,… »).
      std::string names = t(prefix + "weekdays") + ",";
      std::string name;
      for (int i = 0, wd = week_day(day); i <= wd; ++i) {
        auto comma = names.find(',');
        name = names.substr(0, comma);
        names.erase(0, comma + 1);
      }
      pdf.subheading(t(prefix + "day", {{"weekday", name}, {"day", short_french_date(day)}}));
      for (const Slot* s : of_day) {
        if (s->cancelled()) {
          pdf.subheading(t(prefix + "cancelled", {{"hour", std::to_string(s->hour)}, {"title", s->show_title}}));
          continue;
        }
        pdf.subheading(t(prefix + "slot", {{"hour", std::to_string(s->hour)},
                                           {"title", s->show_title},
                                           {"minutes", std::to_string(s->show_duration)}}));
        pdf.paragraph(t(prefix + "show", {{"artist", s->artist_name},
                                          {"discipline", s->show_discipline},
                                          {"language", language_name(s->show_language)}}) +
                      "\n" + t(prefix + "call", {{"number", s->bridge_number}, {"pin", s->bridge_pin}}));
      }
    }
  };
  if (w.slots.empty()) {
    pdf.heading(t("allo.print.fr.title", {{"from", short_french_date(w.monday)}, {"to", short_french_date(w.sunday)}}));
    pdf.paragraph(t("allo.print.fr.empty"));
  } else {
    write_language("fr", true);
    std::set<std::string> others;
    for (const auto& s : w.slots)
      if (s.show_language != "fr" && printed_language(s.show_language)) others.insert(s.show_language);
    for (const auto& lang : others) {
      pdf.page_break();
      write_language(lang, false);
    }
  }
  pdf.set_subject(t("allo.print.subject"));
  return pdf.render();
}

// ---- Slots and listeners

std::optional<SlotView> Service::slot_view(const Principal& me, long long id) {
  auto relais = registers(me) ? relais_of(me) : std::vector<Choice>{};
  return db_.read([&](soci::session& sql) -> std::optional<SlotView> {
    auto s = repo_.slot(sql, id);
    if (!s) return std::nullopt;
    SlotView v;
    v.slot = *s;
    v.programs = programs(me);
    v.performs = s->artist_id == me.id;
    v.registers = registers(me);
    if (!v.programs && !v.performs && !v.registers) return std::nullopt;
    long long now = store::now_seconds();
    if (v.registers) {
      v.mine = repo_.listeners(sql, id, me.id);
      v.relais = relais;
      if (s->cancelled()) v.refusal = "allo.errors.slot_cancelled";
      else if (now >= s->starts_at) v.refusal = "allo.errors.slot_started";
      else if (s->registered >= s->capacity) v.refusal = "allo.errors.full";
      else if (relais.empty()) v.refusal = "allo.errors.no_relais";
    }
    v.may_report = v.performs && now >= s->starts_at && !s->cancelled();
    v.may_change = v.programs && now < s->starts_at && !s->cancelled();
    if (v.may_change) {
      v.candidates = repo_.available_shows(sql, s->day, s->hour);
      auto current =
          std::find_if(v.candidates.begin(), v.candidates.end(), [&](const Show& c) { return c.id == s->show_id; });
      if (current != v.candidates.end()) std::rotate(v.candidates.begin(), current, current + 1);
      else if (auto show = repo_.show(sql, s->show_id)) v.candidates.insert(v.candidates.begin(), *show);
    }
    return v;
  });
}

Outcome Service::register_listener(const Actor& actor, const Principal& me, long long slot_id,
                                   const std::string& language_in, const std::string& relais_in) {
  if (!registers(me)) return Outcome::forbidden();
  auto relais = relais_of(me);
  std::string language = trim(language_in);
  if (!known_language(language)) return Outcome::failure("allo.errors.language", "language");
  long long organisation = relais_in.empty() && relais.size() == 1 ? relais.front().id : web::parse_id(trim(relais_in));
  if (std::none_of(relais.begin(), relais.end(), [&](const Choice& c) { return c.id == organisation; }))
    return Outcome::failure("allo.errors.relais", "relais");
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    auto s = open_slot(repo_, sql, slot_id, now);
    // The place first: a conditional UPDATE that only succeeds while one is left (db.write is serialized,
    // and the CHECK constraint stands behind it).
    if (!repo_.take_place(sql, slot_id)) roll_back(Outcome::conflict("allo.errors.full"));
    Listener l;
    l.slot_id = slot_id;
    l.organisation_id = organisation;
    l.referent_id = me.id;
    l.language = language;
    for (int attempt = 0; attempt < 20 && !l.id; ++attempt) {
      l.code = "L-" + random_chars(4) + "-" + random_chars(2);
      l.id = repo_.insert_listener(sql, l, now);
    }
    if (!l.id) throw std::runtime_error("no free listener code");
    audit_.record(sql, actor, "allo.listener.register", slot_subject(slot_id), l.code + " (" + language + ")");
    return Outcome::success(l.id);
  });
}

Outcome Service::cancel_listener(const Actor& actor, const Principal& me, long long slot_id, long long listener_id) {
  return db_.attempt([&](soci::session& sql) {
    auto l = repo_.listener(sql, listener_id);
    if (!l || l->slot_id != slot_id) roll_back(Outcome::not_found());
    if (l->referent_id != me.id && !programs(me)) roll_back(Outcome::not_found());
    auto s = repo_.slot(sql, slot_id);
    if (!s) roll_back(Outcome::not_found());
    if (store::now_seconds() >= s->starts_at) roll_back(Outcome::conflict("allo.errors.slot_started"));
    if (!repo_.cancel_listener(sql, listener_id, store::now_seconds()))
      roll_back(Outcome::conflict("allo.errors.already_cancelled"));
    repo_.free_place(sql, slot_id);
    audit_.record(sql, actor, "allo.listener.cancel", slot_subject(slot_id), l->code);
    return Outcome::success(listener_id);
  });
}

std::optional<Listener> Service::listener(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.listener(sql, id); });
}

// ---- Reminders

long long Service::run_due(long long now) {
  auto due = db_.read([&](soci::session& sql) { return repo_.due_reminders(sql, now, now + 2 * kDay); });
  long long done = 0;
  for (const auto& [referent, slot_id] : due) {
    const long long who = referent;  // copies: the lambda below reads them
    const long long sid = slot_id;
    done += db_.write([&](soci::session& sql) -> long long {
      auto s = repo_.slot(sql, sid);
      if (!s || !reminder_due(now, s->starts_at)) return 0;
      auto listeners = repo_.listeners(sql, sid, who);
      auto email = repo_.user_email(sql, who);
      if (listeners.empty() || !email || email->empty()) return 0;
      if (repo_.claim_reminders(sql, sid, who, now) == 0) return 0;
      std::string codes;
      for (const auto& l : listeners) codes += "- " + l.code + " (" + language_name(l.language) + ")\n";
      web::Params p = {{"title", s->show_title},
                       {"when", when(*s)},
                       {"artist", s->artist_name},
                       {"number", s->bridge_number},
                       {"pin", s->bridge_pin},
                       {"codes", codes},
                       {"n", std::to_string(listeners.size())},
                       {"url", public_url_ + "/allo-artiste/creneaux/" + std::to_string(sid)}};
      mail_.enqueue(sql, *email, t("allo.mail.reminder.subject", p), t("allo.mail.reminder.body", p));
      return 1;
    });
  }
  return done;
}

}  // namespace trame::mediation::allo
