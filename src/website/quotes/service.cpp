#include "website/quotes/service.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"

namespace trame::website::quotes {

namespace {

// lower-case letters and digits in words joined by single hyphens: « contexte-de-la-formation ».
bool valid_slug(const std::string& s) {
  if (s.empty() || s.size() > kMaxSlug || s.front() == '-' || s.back() == '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '-') {
      if (s[i + 1] == '-') return false;
      continue;
    }
    if (!std::islower(c) && !std::isdigit(c)) return false;
  }
  return true;
}

QuoteView view_of(const Quote& q) {
  return QuoteView{q.text, q.author, q.programme_title};
}

std::vector<QuoteView> views(const std::vector<Quote>& quotes) {
  std::vector<QuoteView> out;
  out.reserve(quotes.size());
  for (const auto& q : quotes) out.push_back(view_of(q));
  return out;
}

std::string subject(long long id) {
  return "quote:" + std::to_string(id);
}

}  // namespace

std::string monday_of(const std::string& iso_week) {
  // 'YYYY-Www': week 1 holds 4 January; its Monday starts the ISO year.
  if (iso_week.size() != 8 || iso_week[4] != '-' || iso_week[5] != 'W') return {};
  int year = 0, week = 0;
  if (std::from_chars(iso_week.data(), iso_week.data() + 4, year).ec != std::errc() ||
      std::from_chars(iso_week.data() + 6, iso_week.data() + 8, week).ec != std::errc() || week < 1 || week > 53)
    return {};
  using namespace std::chrono;
  sys_days jan4 = year_month_day{std::chrono::year{year}, January, day{4}};
  sys_days monday = jan4 - (weekday{jan4} - Monday) + weeks{week - 1};
  year_month_day d{monday};
  return iso_date(Date{static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                       static_cast<int>(static_cast<unsigned>(d.day()))});
}

std::string Service::fr(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::vector<QuoteView> Service::for_page(const std::string& slug) {
  return views(db_.read([&](soci::session& sql) { return repo_.shown_for_page(sql, slug); }));
}

std::vector<QuoteView> Service::for_programme(long long id) {
  return views(db_.read([&](soci::session& sql) { return repo_.shown_for_programme(sql, id); }));
}

std::vector<QuoteView> Service::featured(int n) {
  if (n <= 0) return {};
  return views(db_.read([&](soci::session& sql) { return repo_.shown(sql, n); }));
}

QuotePage Service::list(const Filter& filter, long long page) {
  return db_.read([&](soci::session& sql) {
    QuotePage p;
    p.total = repo_.count(sql, filter);
    p.items = repo_.page(sql, filter, (std::max(1LL, page) - 1) * kPerPage, kPerPage);
    return p;
  });
}

std::optional<Quote> Service::find(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

std::vector<ProgrammeChoice> Service::programmes() {
  return db_.read([&](soci::session& sql) { return repo_.programmes(sql); });
}

std::vector<std::string> Service::slugs() {
  return db_.read([&](soci::session& sql) { return repo_.slugs(sql); });
}

Outcome Service::check(soci::session& sql, QuoteInput& in) {
  in.text = trim(in.text);
  in.author = trim(in.author);
  in.consent_on = trim(in.consent_on);
  in.consent_how = trim(in.consent_how);
  in.page_slug = trim(in.page_slug);
  if (in.text.empty()) return Outcome::failure("citations.errors.text", "text");
  if (code_points(in.text) > kMaxText) return Outcome::failure("citations.errors.text_long", "text");
  if (in.author.empty()) return Outcome::failure("citations.errors.author", "author");
  if (code_points(in.author) > kMaxAuthor) return Outcome::failure("citations.errors.author_long", "author");
  if (in.consent_on.empty()) return Outcome::failure("citations.errors.consent_on", "consent_on");
  auto day = parse_date(in.consent_on);
  if (!day) return Outcome::failure("citations.errors.consent_on_invalid", "consent_on");
  in.consent_on = iso_date(*day);
  if (in.consent_on > local_day(store::now_seconds()))
    return Outcome::failure("citations.errors.consent_on_future", "consent_on");
  if (in.consent_how.empty()) return Outcome::failure("citations.errors.consent_how", "consent_how");
  if (code_points(in.consent_how) > kMaxConsentHow)
    return Outcome::failure("citations.errors.consent_how_long", "consent_how");
  if (!in.page_slug.empty() && !valid_slug(in.page_slug)) return Outcome::failure("citations.errors.slug", "page_slug");
  if (in.programme_id < 0 || (in.programme_id != 0 && !repo_.programme_exists(sql, in.programme_id)))
    return Outcome::failure("citations.errors.programme", "programme");
  if (in.position < 0 || in.position > 1000000) return Outcome::failure("citations.errors.position", "position");
  return Outcome::success();
}

Outcome Service::create(const Actor& actor, const Principal& me, const QuoteInput& raw) {
  if (!may_edit(me)) return Outcome::forbidden();
  QuoteInput in = raw;
  return db_.write([&](soci::session& sql) {
    auto checked = check(sql, in);
    if (!checked.ok) return checked;
    Quote q;
    q.text = in.text;
    q.author = in.author;
    q.consent_on = in.consent_on;
    q.consent_how = in.consent_how;
    q.recorded_by = actor.id;
    q.page_slug = in.page_slug;
    q.programme_id = in.programme_id;
    q.position = in.position ? in.position : repo_.last_position(sql) + 1;
    long long id = repo_.insert(sql, q, store::now_seconds());
    audit_.record(sql, actor, "quote.created", subject(id), q.author);
    return Outcome::success(id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long id, const QuoteInput& raw) {
  if (!may_edit(me)) return Outcome::forbidden();
  QuoteInput in = raw;
  return db_.write([&](soci::session& sql) {
    auto q = repo_.find(sql, id);
    if (!q) return Outcome::not_found();
    if (q->withdrawn()) return Outcome::conflict("citations.errors.withdrawn");
    if (in.position == 0) in.position = q->position;
    auto checked = check(sql, in);
    if (!checked.ok) return checked;
    repo_.update(sql, id, in, store::now_seconds());
    audit_.record(sql, actor, "quote.updated", subject(id), in.author);
    return Outcome::success(id);
  });
}

Outcome Service::publish(const Actor& actor, const Principal& me, long long id, bool published) {
  if (!may_edit(me)) return Outcome::forbidden();
  return db_.write([&](soci::session& sql) {
    auto q = repo_.find(sql, id);
    if (!q) return Outcome::not_found();
    if (q->withdrawn()) return Outcome::conflict("citations.errors.withdrawn");
    if (published && (q->consent_on.empty() || q->consent_how.empty()))
      return Outcome::failure("citations.errors.consent_on", "consent_on");
    if (!repo_.set_published(sql, id, published, store::now_seconds()))
      return Outcome::conflict("citations.errors.withdrawn");
    audit_.record(sql, actor, published ? "quote.published" : "quote.unpublished", subject(id), q->author);
    return Outcome::success(id);
  });
}

Outcome Service::withdraw(const Actor& actor, const Principal& me, long long id) {
  if (!may_edit(me)) return Outcome::forbidden();
  return db_.write([&](soci::session& sql) {
    auto q = repo_.find(sql, id);
    if (!q) return Outcome::not_found();
    if (!repo_.withdraw(sql, id, store::now_seconds())) return Outcome::conflict("citations.errors.withdrawn");
    audit_.record(sql, actor, "quote.consent_withdrawn", subject(id), q->author);
    return Outcome::success(id);
  });
}

OutingPickPage Service::outing_quotes(long long page) {
  OutingPickPage out;
  auto quotes = followup_.consented_for_site(page, kPerPage, out.total);
  std::vector<long long> ids;
  ids.reserve(quotes.size());
  for (const auto& q : quotes) ids.push_back(q.booking_id);
  auto picked = db_.read([&](soci::session& sql) { return repo_.picked(sql, "outing", ids); });
  for (auto& q : quotes) {
    bool done = std::find(picked.begin(), picked.end(), q.booking_id) != picked.end();
    out.items.push_back(OutingPick{std::move(q), done});
  }
  return out;
}

Outcome Service::pick_outing(const Actor& actor, const Principal& me, long long booking_id) {
  if (!may_edit(me)) return Outcome::forbidden();
  auto consented = followup_.consented_for_site(booking_id);
  if (!consented) return Outcome::not_found();
  Quote q;
  q.text = trim(consented->quote);
  q.author = fr("citations.outing_author", {{"relais", consented->relais}});
  q.consent_on = local_day(consented->recorded_at);
  q.consent_how = fr("citations.outing_consent");
  q.recorded_by = consented->recorded_by;
  q.source = "outing";
  q.source_id = booking_id;
  return save_picked(actor, q);
}

// A quote picked from the platform, as a draft: once per source (the unique index decides between two
// editors picking at once), placed last, audited.
Outcome Service::save_picked(const Actor& actor, Quote q) {
  if (code_points(q.text) > kMaxText) return Outcome::failure("citations.errors.text_long", "text");
  return db_.attempt([&](soci::session& sql) {
    if (repo_.by_source(sql, q.source, q.source_id) != 0) return Outcome::conflict("citations.errors.picked");
    q.position = repo_.last_position(sql) + 1;
    long long id = 0;
    try {
      id = repo_.insert(sql, q, store::now_seconds());
    } catch (const std::exception& e) {
      if (!store::is_unique_violation(e)) throw;
      roll_back(Outcome::conflict("citations.errors.picked"));
    }
    audit_.record(sql, actor, "quote.picked", subject(id), q.source + ":" + std::to_string(q.source_id));
    return Outcome::success(id);
  });
}

TrainingPickPage Service::training_answers(long long page) {
  TrainingPickPage out;
  auto answers = answers_.consented_answers(page, kPerPage, out.total);
  std::vector<long long> ids;
  ids.reserve(answers.size());
  for (const auto& a : answers) ids.push_back(a.answer_id);
  auto picked = db_.read([&](soci::session& sql) { return repo_.picked(sql, "training", ids); });
  for (auto& a : answers) {
    bool done = std::find(picked.begin(), picked.end(), a.answer_id) != picked.end();
    out.items.push_back(TrainingPick{std::move(a), done});
  }
  return out;
}

Outcome Service::pick_training(const Actor& actor, const Principal& me, long long answer_id) {
  if (!may_edit(me)) return Outcome::forbidden();
  auto consented = answers_.consented_answer(answer_id);
  if (!consented) return Outcome::not_found();
  Quote q;
  q.text = trim(consented->text);
  q.author = consented->programme.empty() ? fr("citations.training_author_unknown")
                                          : fr("citations.training_author", {{"programme", consented->programme}});
  q.consent_on = monday_of(consented->week);
  q.consent_how = fr("citations.training_consent", {{"questionnaire", consented->questionnaire}});
  q.recorded_by = actor.id;
  q.programme_id = consented->programme_id;
  q.source = "training";
  q.source_id = answer_id;
  return save_picked(actor, q);
}

}  // namespace trame::website::quotes
