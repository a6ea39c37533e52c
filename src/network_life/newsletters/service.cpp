#include "network_life/newsletters/service.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/store/rate_limits.hpp"
#include "platform/web/app.hpp"
#include "platform/web/crypto.hpp"

namespace trame::newsletters {

// ---- Pure rules (unit-tested)

bool known_segment(const std::string& segment) {
  const auto& keys = segment_keys();
  return std::find(keys.begin(), keys.end(), segment) != keys.end();
}

std::vector<std::string> parse_segments(const std::string& csv) {
  std::set<std::string> seen;
  std::size_t pos = 0;
  while (pos <= csv.size()) {
    std::size_t end = csv.find(',', pos);
    if (end == std::string::npos) end = csv.size();
    seen.insert(trim(csv.substr(pos, end - pos)));
    pos = end + 1;
  }
  std::vector<std::string> out;
  for (const auto& k : segment_keys())
    if (seen.count(k)) out.push_back(k);
  return out;
}

std::string join_segments(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : parse_segments([&] {
         std::string all;
         for (const auto& x : segments) all += x + ",";
         return all;
       }())) {
    if (!out.empty()) out += ",";
    out += s;
  }
  return out;
}

std::string normalise_email(const std::string& email) {
  std::string out = trim(email);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::vector<Recipient> deduplicate(const std::vector<Recipient>& all, const std::set<std::string>& unsubscribed) {
  std::set<std::string> seen;
  std::vector<Recipient> out;
  for (const auto& r : all) {
    std::string email = normalise_email(r.email);
    if (email.empty() || email.find('@') == std::string::npos) continue;
    if (unsubscribed.count(email) || !seen.insert(email).second) continue;
    out.push_back({email, r.user_id});
  }
  return out;
}

namespace {

std::string decode_entities(const std::string& s) {
  static const std::vector<std::pair<std::string, std::string>> entities = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      bool done = false;
      for (const auto& [from, to] : entities)
        if (s.compare(i, from.size(), from) == 0) {
          out += to;
          i += from.size();
          done = true;
          break;
        }
      if (done) continue;
      if (s.compare(i, 5, "&amp;") == 0) {
        out += '&';
        i += 5;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::string attribute(const std::string& tag, const std::string& name) {
  std::string key = name + "=\"";
  auto pos = tag.find(key);
  if (pos == std::string::npos) return "";
  pos += key.size();
  auto end = tag.find('"', pos);
  return end == std::string::npos ? "" : tag.substr(pos, end - pos);
}

}  // namespace

std::string html_to_text(const std::string& html) {
  std::string out;
  std::vector<std::string> hrefs;
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] != '<') {
      // A line break of the HTML source is a space (a soft break in a paragraph); blocks below make lines.
      out += html[i] == '\n' ? ' ' : html[i];
      ++i;
      continue;
    }
    auto end = html.find('>', i);
    if (end == std::string::npos) break;
    std::string tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    std::string name;
    for (char c : tag) {
      if (std::isspace(static_cast<unsigned char>(c)) || c == '>') break;
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (name == "a") {
      hrefs.push_back(decode_entities(attribute(tag, "href")));
    } else if (name == "/a") {
      if (!hrefs.empty()) {
        if (!hrefs.back().empty()) out += " (" + hrefs.back() + ")";
        hrefs.pop_back();
      }
    } else if (name == "li") {
      out += "- ";
    } else if (name == "br" || name == "br/" || name == "/li" || name == "/tr") {
      out += "\n";
    } else if (name == "/p" || name == "/h1" || name == "/h2" || name == "/h3" || name == "/h4" || name == "/h5" ||
               name == "/h6" || name == "/ul" || name == "/ol" || name == "/blockquote" || name == "/pre" ||
               name == "hr" || name == "hr/" || name == "/table") {
      out += "\n\n";
    } else if (name == "td" || name == "th") {
      out += " ";
    }
  }
  out = decode_entities(out);
  // At most one blank line in a row, none at the ends.
  std::string tidy;
  int newlines = 0;
  for (char c : out) {
    if (c == '\n') {
      while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
      if (++newlines <= 2) tidy += c;
    } else if (c == ' ' && (tidy.empty() || tidy.back() == '\n' || tidy.back() == ' ')) {
      continue;
    } else {
      newlines = 0;
      tidy += c;
    }
  }
  while (!tidy.empty() && (tidy.back() == '\n' || tidy.back() == ' ')) tidy.pop_back();
  std::size_t start = tidy.find_first_not_of("\n ");
  return start == std::string::npos ? "" : tidy.substr(start);
}

bool token_shape_ok(const std::string& token) {
  if (token.size() != 32) return false;
  return std::all_of(token.begin(), token.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

bool link_ok(const std::string& link) {
  if (link.empty()) return true;
  for (char c : link)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '<' || c == '>') return false;
  if (link.size() > 500) return false;
  if (link.rfind("https://", 0) == 0 || link.rfind("http://", 0) == 0) return link.find("://") + 3 < link.size();
  return link[0] == '/' && (link.size() == 1 || link[1] != '/');
}

// ---- Service

namespace {

long long year_now(long long now) {
  return local_date(now).year;
}

}  // namespace

std::string absolute_links(std::string html, const std::string& base) {
  const std::string from = "href=\"/";
  for (std::size_t pos = html.find(from); pos != std::string::npos; pos = html.find(from, pos + 1)) {
    std::size_t after = pos + from.size();
    if (after < html.size() && html[after] == '/') continue;  // "//host": not a path of this site
    html.insert(after - 1, base);
    pos += base.size();
  }
  return html;
}

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

bool Service::may_manage(const Principal& me, long long organiser_id) const {
  return me.is_admin() || me.can_in(perm::network_life_manage, organiser_id);
}

std::vector<std::pair<long long, std::string>> Service::organiser_choices(const Principal& me) {
  std::vector<std::pair<long long, std::string>> out;
  for (const auto& m : me.memberships)
    if (may_manage(me, m.organisation_id) &&
        std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == m.organisation_id; }))
      out.emplace_back(m.organisation_id, m.organisation_name);
  return out;
}

std::vector<std::pair<long long, std::string>> Service::delegation_choices() {
  return organisations_.delegation_choices();
}

std::string Service::html_of(const std::string& markdown) {
  return docs::markdown_to_html(markdown);
}

std::string Service::text_of(const std::string& markdown) {
  return html_to_text(docs::markdown_to_html(markdown));
}

std::vector<Newsletter> Service::managed(const Principal& me, long long page, long long& total) {
  ActingFor scope = me.acting_for(perm::network_life_manage);
  if (me.is_admin()) scope = ActingFor::everywhere();
  total = 0;
  if (scope.none()) return {};
  long long offset = (std::max(1LL, page) - 1) * kPerPage;
  return db_.read([&](soci::session& sql) {
    total = repo_.count_managed(sql, scope);
    return repo_.managed(sql, scope, kPerPage, offset);
  });
}

std::vector<Newsletter> Service::archive(long long page, long long& total) {
  long long offset = (std::max(1LL, page) - 1) * kPerPage;
  return db_.read([&](soci::session& sql) {
    total = repo_.count_archive(sql);
    return repo_.archive(sql, kPerPage, offset);
  });
}

std::optional<Newsletter> Service::readable(const Principal* me, long long id) {
  auto n = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  if (!n) return std::nullopt;
  if (me && may_manage(*me, n->organiser_id)) return n;
  if (n->status == "sent" && n->public_archive) return n;
  return std::nullopt;
}

Outcome Service::validate(soci::session& sql, const Principal& me, const NewsletterInput& in, Newsletter& out) {
  long long organiser = web::parse_id(in.organiser_id);
  if (organiser <= 0) return Outcome::failure("newsletters.errors.organiser", "organiser_id");
  if (!may_manage(me, organiser)) return Outcome::failure("newsletters.errors.organiser", "organiser_id");
  std::string subject = trim(in.subject);
  if (subject.empty()) return Outcome::failure("newsletters.errors.subject_empty", "subject");
  if (subject.size() > 200) return Outcome::failure("newsletters.errors.subject_long", "subject");
  if (trim(in.body).empty()) return Outcome::failure("newsletters.errors.body_empty", "body");
  if (in.body.size() > 50000) return Outcome::failure("newsletters.errors.body_long", "body");
  for (const auto& s : in.segments)
    if (!known_segment(s)) return Outcome::failure("newsletters.errors.segments", "segments");
  auto segments = parse_segments(join_segments(in.segments));
  if (segments.empty()) return Outcome::failure("newsletters.errors.segments", "segments");
  long long delegation = 0;
  if (std::find(segments.begin(), segments.end(), "delegation") != segments.end()) {
    delegation = web::parse_id(in.delegation_id);
    if (delegation <= 0 || !repo_.delegation_exists(sql, delegation))
      return Outcome::failure("newsletters.errors.delegation", "delegation_id");
  }
  long long year = 0;
  if (std::find(segments.begin(), segments.end(), "members") != segments.end()) {
    std::string y = trim(in.member_year);
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
      return Outcome::failure("newsletters.errors.member_year", "member_year");
    year = std::stoll(y);
    if (year < 2000 || year > 2100) return Outcome::failure("newsletters.errors.member_year", "member_year");
  }
  out.organiser_id = organiser;
  out.subject = subject;
  out.body = in.body;
  out.segments = segments;
  out.delegation_id = delegation;
  out.member_year = year;
  out.public_archive = in.public_archive;
  return Outcome::success();
}

Outcome Service::create(const Actor& actor, const Principal& me, const NewsletterInput& in) {
  return db_.attempt([&](soci::session& sql) {
    Newsletter n;
    Outcome v = validate(sql, me, in, n);
    if (!v.ok) return v;
    long long id = repo_.insert(sql, n, me.id, store::now_seconds());
    audit_.record(sql, actor, "newsletters.create", "life_newsletter:" + std::to_string(id), n.subject);
    return Outcome::success(id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long id, const NewsletterInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto current = repo_.find(sql, id);
    if (!current || !may_manage(me, current->organiser_id)) return Outcome::not_found();
    if (current->status != "draft") return Outcome::conflict("newsletters.errors.not_draft");
    Newsletter n;
    Outcome v = validate(sql, me, in, n);
    if (!v.ok) return v;
    if (!repo_.update_draft(sql, id, n, store::now_seconds()))
      roll_back(Outcome::conflict("newsletters.errors.not_draft"));
    audit_.record(sql, actor, "newsletters.update", "life_newsletter:" + std::to_string(id), n.subject);
    return Outcome::success(id);
  });
}

std::vector<Recipient> Service::outside_contacts(const Newsletter& n, std::vector<Recipient>& volunteers) {
  // The other modules read their own tables in their own transactions: asked before ours begins.
  std::vector<Recipient> members;
  auto has = [&](const char* s) { return std::find(n.segments.begin(), n.segments.end(), s) != n.segments.end(); };
  if (has("members"))
    for (const auto& c : members_.member_contacts(n.member_year)) members.push_back({c.email, c.user_id});
  if (has("volunteers"))
    for (const auto& c : volunteering_.volunteer_contacts()) volunteers.push_back({c.email, c.user_id});
  return members;
}

std::vector<Recipient> Service::gather(soci::session& sql, const Newsletter& n, const std::vector<Recipient>& members,
                                       const std::vector<Recipient>& volunteers) {
  std::vector<Recipient> all;
  auto add = [&](const std::vector<Recipient>& more) { all.insert(all.end(), more.begin(), more.end()); };
  for (const auto& s : n.segments) {
    if (s == "referents") add(repo_.users_with_role(sql, "referent"));
    if (s == "partners") add(repo_.users_with_role(sql, "partner_staff"));
    if (s == "delegation") add(repo_.staff_of_delegation(sql, n.delegation_id));
    if (s == "members") add(members);
    if (s == "volunteers") add(volunteers);
  }
  return deduplicate(all, repo_.unsubscribed(sql, n.organiser_id));
}

std::vector<Recipient> Service::recipients(const Newsletter& n) {
  std::vector<Recipient> volunteers;
  auto members = outside_contacts(n, volunteers);
  return db_.read([&](soci::session& sql) { return gather(sql, n, members, volunteers); });
}

Outcome Service::deliver(const Actor& actor, long long id, long long now, bool due_only) {
  auto first = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  if (!first) return Outcome::not_found();
  std::vector<Recipient> volunteers;
  auto members = outside_contacts(*first, volunteers);
  return db_.attempt([&](soci::session& sql) {
    // The claim: only one request (or job) moves it to "sent"; a double click finds it sent.
    bool claimed = due_only ? repo_.claim_due(sql, id, now) : repo_.claim_now(sql, id, now);
    if (!claimed) return Outcome::conflict("newsletters.errors.already_sent");
    auto n = repo_.find(sql, id);
    auto list = gather(sql, *n, members, volunteers);
    if (list.empty() && !due_only) roll_back(Outcome::conflict("newsletters.errors.no_recipients"));
    // Links to pages of this site ("/evenements") become absolute: a mail client has no base address.
    std::string html = absolute_links(html_of(n->body), public_url_);
    std::string text = html_to_text(html);
    for (const auto& r : list) {
      std::string token = web::random_token(24);
      std::string url = public_url_ + "/communication/desabonnement/" + token;
      std::string archive = public_url_ + "/communication/lettres/" + std::to_string(id);
      web::Params p{{"organiser", n->organiser_name}, {"url", url}, {"archive", archive}};
      std::string text_body = text + "\n\n--\n" + t("newsletters.mail.footer_text", p) + "\n";
      std::string html_body = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" +
                              xml_escape(n->subject) + "</title></head><body>" + html +
                              "<hr><p style=\"font-size:small\">" + xml_escape(t("newsletters.mail.footer_sender", p)) +
                              " <a href=\"" + xml_escape(url) + "\">" + xml_escape(t("newsletters.mail.footer_link")) +
                              "</a></p></body></html>";
      long long mail_id = mail_.enqueue_rich(
          sql, r.email, n->subject, text_body, html_body,
          {{"List-Unsubscribe", "<" + url + ">"}, {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}});
      std::string hash = web::sha256_hex(token);
      repo_.insert_delivery(sql, id, r, hash, mail_id, now);
    }
    long long count = static_cast<long long>(list.size());
    repo_.set_recipients_count(sql, id, count);
    audit_.record(sql, actor, "newsletters.send", "life_newsletter:" + std::to_string(id),
                  std::to_string(count) + " destinataires");
    return Outcome::success(count);
  });
}

Outcome Service::send_now(const Actor& actor, const Principal& me, long long id) {
  auto n = db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
  if (!n || !may_manage(me, n->organiser_id)) return Outcome::not_found();
  if (n->status == "sent") return Outcome::conflict("newsletters.errors.already_sent");
  return deliver(actor, id, store::now_seconds(), false);
}

Outcome Service::schedule(const Actor& actor, const Principal& me, long long id, const std::string& when) {
  return db_.attempt([&](soci::session& sql) {
    auto n = repo_.find(sql, id);
    if (!n || !may_manage(me, n->organiser_id)) return Outcome::not_found();
    if (n->status == "sent") return Outcome::conflict("newsletters.errors.already_sent");
    long long at = parse_local(trim(when));
    if (at <= 0) return Outcome::failure("newsletters.errors.schedule_invalid", "scheduled_at");
    long long now = store::now_seconds();
    if (at <= now) return Outcome::failure("newsletters.errors.schedule_past", "scheduled_at");
    if (!repo_.schedule(sql, id, at, now)) roll_back(Outcome::conflict("newsletters.errors.already_sent"));
    audit_.record(sql, actor, "newsletters.schedule", "life_newsletter:" + std::to_string(id), local_input(at));
    return Outcome::success(id);
  });
}

Outcome Service::unschedule(const Actor& actor, const Principal& me, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto n = repo_.find(sql, id);
    if (!n || !may_manage(me, n->organiser_id)) return Outcome::not_found();
    long long now = store::now_seconds();
    if (!repo_.unschedule(sql, id, now)) return Outcome::conflict("newsletters.errors.not_scheduled");
    audit_.record(sql, actor, "newsletters.unschedule", "life_newsletter:" + std::to_string(id), "");
    return Outcome::success(id);
  });
}

long long Service::unsubscribed_count(long long organiser_id) {
  return db_.read([&](soci::session& sql) { return repo_.count_unsubscribed(sql, organiser_id); });
}

Service::TokenView Service::check_token(const std::string& ip, const std::string& token) {
  TokenView v;
  long long now = store::now_seconds();
  std::string bucket = "newsletters.unsubscribe:" + ip;
  bool over = db_.read(
      [&](soci::session& sql) { return store::rate_used(sql, bucket, kBadTokenWindow, now) >= kBadTokensPerIp; });
  if (over) {
    v.outcome = Outcome::limited("newsletters.errors.too_many");
    return v;
  }
  bool found = false;
  if (token_shape_ok(token)) {
    std::string hash = web::sha256_hex(token);
    db_.read([&](soci::session& sql) {
      auto d = repo_.delivery_seen(sql, hash);
      if (!d) return;
      found = true;
      v.organiser_name = d->organiser_name;
      v.subject = d->subject;
      v.already = repo_.is_unsubscribed(sql, d->organiser_id, d->email);
    });
  }
  if (!found) {
    db_.write([&](soci::session& sql) { return store::take_rate(sql, bucket, kBadTokensPerIp, kBadTokenWindow, now); });
    v.outcome = Outcome::not_found("newsletters.errors.invalid_link");
  }
  return v;
}

Outcome Service::unsubscribe(const std::string& ip, const std::string& token) {
  TokenView v = check_token(ip, token);
  if (!v.outcome.ok) return v.outcome;
  std::string hash = web::sha256_hex(token);
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto d = repo_.delivery(sql, hash);
    if (!d) return Outcome::not_found("newsletters.errors.invalid_link");
    repo_.unsubscribe(sql, *d, now);
    Actor system{0, "désabonnement", ip};
    audit_.record(sql, system, "newsletters.unsubscribe", "organisation:" + std::to_string(d->organiser_id),
                  "lettre " + std::to_string(d->newsletter_id));
    return Outcome::success(d->organiser_id);
  });
}

// ---- Notices

Outcome Service::create_notice(const Actor& actor, const Principal& me, const NoticeInput& in) {
  return db_.attempt([&](soci::session& sql) {
    long long organiser = web::parse_id(in.organiser_id);
    if (organiser <= 0 || !may_manage(me, organiser))
      return Outcome::failure("newsletters.errors.organiser", "organiser_id");
    std::string title = trim(in.title);
    if (title.empty() || title.size() > 150) return Outcome::failure("newsletters.errors.notice_title", "title");
    std::string body = trim(in.body);
    if (body.empty() || body.size() > 1000) return Outcome::failure("newsletters.errors.notice_body", "body");
    std::string link = trim(in.link);
    if (!link_ok(link)) return Outcome::failure("newsletters.errors.notice_link", "link");
    if (!known_segment(in.segment)) return Outcome::failure("newsletters.errors.notice_segment", "segment");
    long long delegation = 0;
    if (in.segment == "delegation") {
      delegation = web::parse_id(in.delegation_id);
      if (delegation <= 0 || !repo_.delegation_exists(sql, delegation))
        return Outcome::failure("newsletters.errors.delegation", "delegation_id");
    }
    auto ends = parse_date(in.ends_on);
    if (!ends) return Outcome::failure("newsletters.errors.notice_ends_invalid", "ends_on");
    long long now = store::now_seconds();
    std::string ends_on = iso_date(*ends);
    if (ends_on < local_day(now)) return Outcome::failure("newsletters.errors.notice_ends_past", "ends_on");
    Notice n;
    n.organiser_id = organiser;
    n.title = title;
    n.body = body;
    n.link = link;
    n.segment = in.segment;
    n.delegation_id = delegation;
    n.ends_on = ends_on;
    long long id = repo_.insert_notice(sql, n, me.id, now);
    audit_.record(sql, actor, "newsletters.notice_create", "life_notice:" + std::to_string(id), title);
    return Outcome::success(id);
  });
}

Outcome Service::delete_notice(const Actor& actor, const Principal& me, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto n = repo_.notice(sql, id);
    if (!n || !may_manage(me, n->organiser_id)) return Outcome::not_found();
    repo_.delete_notice(sql, id);
    audit_.record(sql, actor, "newsletters.notice_delete", "life_notice:" + std::to_string(id), n->title);
    return Outcome::success(id);
  });
}

std::vector<Notice> Service::managed_notices(const Principal& me, long long page, long long& total) {
  ActingFor scope = me.acting_for(perm::network_life_manage);
  if (me.is_admin()) scope = ActingFor::everywhere();
  total = 0;
  if (scope.none()) return {};
  std::string today = local_day(store::now_seconds());
  return db_.read([&](soci::session& sql) {
    total = repo_.count_managed_notices(sql, scope, today);
    return repo_.managed_notices(sql, scope, today, kPerPage, (std::max(1LL, page) - 1) * kPerPage);
  });
}

std::vector<Notice> Service::notices_for(const Principal& me, long long now) {
  std::string today = local_day(now);
  auto all = db_.read([&](soci::session& sql) { return repo_.current_notices(sql, today, 200); });
  if (all.empty()) return {};
  bool member = false;
  bool asked_member = false;
  std::set<long long> my_delegations;
  bool asked_delegations = false;
  bool volunteer = me.has_role("volunteer");
  std::vector<Notice> out;
  for (const auto& n : all) {
    bool mine = false;
    if (n.segment == "referents") mine = me.has_role("referent");
    if (n.segment == "partners") mine = me.has_role("partner_staff");
    if (n.segment == "volunteers") mine = volunteer;
    if (n.segment == "members") {
      if (!asked_member) {
        asked_member = true;
        for (const auto& m : me.memberships)
          if (members_.is_member(m.organisation_id, year_now(now))) member = true;
      }
      mine = member;
    }
    if (n.segment == "delegation") {
      if (!asked_delegations) {
        asked_delegations = true;
        for (const auto& m : me.memberships) {
          auto o = organisations_.find(m.organisation_id);
          if (o && o->delegation_id) my_delegations.insert(o->delegation_id);
        }
      }
      mine = my_delegations.count(n.delegation_id) > 0;
    }
    if (mine) out.push_back(n);
    if (out.size() >= 5) break;
  }
  return out;
}

long long Service::run_due(long long now) {
  std::vector<long long> due = db_.read([&](soci::session& sql) { return repo_.due(sql, now); });
  long long done = 0;
  for (long long id : due) {
    Actor system{0, "système", ""};
    if (deliver(system, id, now, true).ok) ++done;
  }
  return done;
}

}  // namespace trame::newsletters
