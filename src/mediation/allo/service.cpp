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

Outcome Service::propose(const Actor& actor, const Principal& me, const ShowInput& in) {
  if (!performs(me)) return Outcome::forbidden();
  Show s;
  s.artist_id = me.id;
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
  if (in.sample_bytes.empty()) return Outcome::failure("allo.errors.sample_missing", "sample");
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
  return db_.attempt([&](soci::session& sql) {
    long long now = store::now_seconds();
    s.id = repo_.insert_show(sql, s, in.sample_bytes, now);
    audit_.record(sql, actor, "allo.show.propose", show_subject(s.id), s.title);
    return Outcome::success(s.id);
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
      if (now >= s->starts_at) v.refusal = "allo.errors.slot_started";
      else if (s->registered >= s->capacity) v.refusal = "allo.errors.full";
      else if (relais.empty()) v.refusal = "allo.errors.no_relais";
    }
    v.may_report = v.performs && now >= s->starts_at;
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
    auto s = repo_.slot(sql, slot_id);
    if (!s) roll_back(Outcome::not_found());
    long long now = store::now_seconds();
    if (now >= s->starts_at) roll_back(Outcome::conflict("allo.errors.slot_started"));
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
