#include "website/pages/service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "platform/docs/image.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"
#include "website/flatfile/service.hpp"

namespace trame::website::pages {

namespace {

constexpr int kMaxDepth = 64;  // a chain of parents longer than this is taken for a cycle

std::string subject(long long id) {
  return "page:" + std::to_string(id);
}

std::string cover_refusal(docs::ImageProblem problem) {
  switch (problem) {
    case docs::ImageProblem::too_many_pixels: return "website.pages.errors.cover_pixels";
    case docs::ImageProblem::unreadable: return "website.pages.errors.cover_unreadable";
    default: return "website.pages.errors.cover_type";
  }
}

// Runs a write that may give a page a slug: two editors choosing the same new slug at once both pass the
// check (PostgreSQL runs them concurrently), and the UNIQUE constraint decides; the loser gets the same
// refusal as when the slug was already taken.
template <class F>
void with_unique_slug(F&& write) {
  try {
    write();
  } catch (const soci::soci_error& e) {
    std::string what = e.what();
    if (what.find("UNIQUE") != std::string::npos || what.find("unique") != std::string::npos)
      refuse("website.pages.errors.slug_taken", "slug");
    throw;
  }
}

bool same_content(const Page& a, const Page& b) {
  return a.title == b.title && a.description == b.description && a.text == b.text && a.published == b.published;
}

// A position typed in the form: an integer of at most 6 digits, '' for 0.
bool parse_position(const std::string& text, long long& out) {
  if (text.empty()) {
    out = 0;
    return true;
  }
  std::size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size() || text.size() - i > 6) return false;
  for (std::size_t k = i; k < text.size(); ++k)
    if (text[k] < '0' || text[k] > '9') return false;
  out = std::stoll(text);
  return true;
}

}  // namespace

CoverSet cover_renditions(const std::string& bytes) {
  CoverSet out;
  if (bytes.size() > Service::kMaxCoverBytes) {
    out.refusal = "website.pages.errors.cover_size";
    return out;
  }
  long long widest = Service::kCoverWidths[std::size(Service::kCoverWidths) - 1];
  docs::ImageLimits limits;
  limits.max_width = static_cast<int>(widest);
  limits.max_height = static_cast<int>(widest * 4);
  limits.max_pixels = Service::kMaxCoverPixels;
  auto base = docs::normalise_image(bytes, limits);
  if (!base) {
    out.refusal = cover_refusal(base.problem);
    return out;
  }
  for (long long width : Service::kCoverWidths) {
    if (width >= base.width) break;  // never enlarged: the base itself is the widest
    docs::ImageLimits smaller = limits;
    smaller.max_width = static_cast<int>(width);
    smaller.max_height = static_cast<int>(width * 4);
    auto r = docs::normalise_image(base.bytes, smaller);
    if (!r) continue;
    out.renditions.push_back({r.width, r.height, r.type, r.bytes, web::sha256_hex(r.bytes)});
  }
  out.renditions.push_back({base.width, base.height, base.type, base.bytes, web::sha256_hex(base.bytes)});
  return out;
}

std::string Service::t(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params) const {
  return catalogue_.t("fr", key, params);
}

void Service::changed() const {
  if (changed_) changed_();
}

std::string Service::render(const std::string& markdown) {
  return docs::markdown_to_html(markdown);
}

// ---- Public

std::vector<Link> Service::menu() {
  return db_.read([&](soci::session& sql) { return repo_.menu(sql); });
}

std::vector<Page> Service::published() {
  return db_.read([&](soci::session& sql) { return repo_.published(sql); });
}

std::optional<PublicPage> Service::view(const std::string& slug, bool editor) {
  if (!valid_slug(slug)) return std::nullopt;
  auto out = db_.read([&](soci::session& sql) -> std::optional<PublicPage> {
    auto page = repo_.find_by_slug(sql, slug);
    if (!page || (!page->published && !editor)) return std::nullopt;
    PublicPage v;
    long long parent = page->parent_id;
    for (int depth = 0; parent && depth < kMaxDepth; ++depth) {
      auto p = repo_.find(sql, parent);
      if (!p) break;
      if (p->published || editor) v.breadcrumb.insert(v.breadcrumb.begin(), {"/pages/" + p->slug, p->title});
      parent = p->parent_id;
    }
    v.children = repo_.children(sql, page->id, !editor);
    if (page->has_cover()) v.covers = repo_.cover_sizes(sql, page->id);
    v.page = std::move(*page);
    return v;
  });
  if (!out) return out;
  out->html = render(out->page.text);
  if (out->page.show_quotes && quotes_) out->quotes = quotes_(out->page.slug);
  return out;
}

std::optional<Cover> Service::cover(const std::string& slug, long long width, bool editor) {
  if (!valid_slug(slug)) return std::nullopt;
  return db_.read([&](soci::session& sql) -> std::optional<Cover> {
    auto page = repo_.find_by_slug(sql, slug);
    if (!page || (!page->published && !editor)) return std::nullopt;
    return repo_.cover(sql, page->id, width);
  });
}

// ---- Editing

std::vector<Page> Service::outline() {
  auto all = db_.read([&](soci::session& sql) { return repo_.outline(sql); });
  std::set<long long> ids;
  for (const auto& p : all) ids.insert(p.id);
  std::map<long long, std::vector<const Page*>> children;
  for (const auto& p : all) children[ids.count(p.parent_id) ? p.parent_id : 0].push_back(&p);
  std::vector<Page> out;
  out.reserve(all.size());
  std::set<long long> placed;
  std::function<void(long long, long long)> walk = [&](long long parent, long long depth) {
    for (const Page* p : children[parent]) {
      if (!placed.insert(p->id).second) continue;
      out.push_back(*p);
      out.back().depth = depth;
      walk(p->id, depth + 1);
    }
  };
  walk(0, 0);
  // A page caught in a cycle written behind Trame's back is still listed, at the top level.
  for (const auto& p : all)
    if (placed.insert(p.id).second) out.push_back(p);
  return out;
}

ListPage Service::list(int page) {
  // The tree is read whole (without the texts) to be ordered, then cut into pages: a site has tens or
  // hundreds of pages, not millions.
  auto all = outline();
  ListPage out;
  out.total = static_cast<long long>(all.size());
  out.pages = std::max(1, static_cast<int>((out.total + kPerPage - 1) / kPerPage));
  out.page = std::clamp(page, 1, out.pages);
  std::size_t from = static_cast<std::size_t>(out.page - 1) * kPerPage;
  for (std::size_t i = from; i < all.size() && i < from + kPerPage; ++i) out.items.push_back(std::move(all[i]));
  return out;
}

std::optional<Page> Service::find(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

void Service::validate(soci::session& sql, const PageInput& in, Page& p) const {
  p.title = in.title;
  if (p.title.empty()) refuse("website.pages.errors.title_missing", "title");
  if (characters(p.title) > kMaxTitle) refuse("website.pages.errors.title_long", "title");
  p.slug = in.slug.empty() ? slugify(in.title) : in.slug;
  if (!valid_slug(p.slug)) refuse("website.pages.errors.slug_invalid", "slug");
  if (repo_.slug_taken(sql, p.slug, p.id)) refuse("website.pages.errors.slug_taken", "slug");
  p.description = in.description;
  if (characters(p.description) > kMaxDescription) refuse("website.pages.errors.description_long", "description");
  p.text = in.text;
  if (p.text.size() > kMaxText) refuse("website.pages.errors.text_long", "text");
  if (!parse_position(in.position, p.position)) refuse("website.pages.errors.position", "position");
  p.parent_id = 0;
  if (!in.parent.empty() && in.parent != "0") {
    long long parent = 0;
    for (char c : in.parent)
      if (c < '0' || c > '9') refuse("website.pages.errors.parent_missing", "parent");
    if (in.parent.size() > 18) refuse("website.pages.errors.parent_missing", "parent");
    parent = std::stoll(in.parent);
    if (parent == p.id && p.id) refuse("website.pages.errors.parent_cycle", "parent");
    // Walking up from the new parent must never meet the page itself.
    long long up = parent;
    for (int depth = 0; up; ++depth) {
      if (depth >= kMaxDepth) refuse("website.pages.errors.parent_cycle", "parent");
      auto ancestor = repo_.find(sql, up);
      if (!ancestor) refuse("website.pages.errors.parent_missing", "parent");
      if (p.id && ancestor->id == p.id) refuse("website.pages.errors.parent_cycle", "parent");
      up = ancestor->parent_id;
    }
    p.parent_id = parent;
  }
  p.published = in.published;
  p.show_quotes = in.show_quotes;
}

void Service::save(soci::session& sql, const Actor& actor, const Page& before, Page& after, long long now,
                   const std::string& action) const {
  if (!same_content(before, after)) {
    Revision r;
    r.page_id = before.id;
    r.title = before.title;
    r.description = before.description;
    r.text = before.text;
    r.published = before.published;
    r.author_id = before.updated_by;
    r.at = before.updated_at;
    repo_.insert_revision(sql, r);
  }
  after.updated_by = actor.id;
  with_unique_slug([&] { repo_.update(sql, after, now); });
  audit_.record(sql, actor, action, subject(after.id), after.slug);
  if (after.published != before.published)
    audit_.record(sql, actor, after.published ? "website.page.published" : "website.page.unpublished",
                  subject(after.id), after.slug);
}

Outcome Service::create(const Actor& actor, const PageInput& in) {
  auto outcome = db_.attempt([&](soci::session& sql) -> Outcome {
    Page p;
    validate(sql, in, p);
    p.updated_by = actor.id;
    long long now = store::now_seconds();
    with_unique_slug([&] { p.id = repo_.insert(sql, p, now); });
    audit_.record(sql, actor, "website.page.created", subject(p.id), p.slug);
    if (p.published) audit_.record(sql, actor, "website.page.published", subject(p.id), p.slug);
    return Outcome::success(p.id);
  });
  if (outcome.ok) changed();
  return outcome;
}

Outcome Service::update(const Actor& actor, long long id, const PageInput& in) {
  auto outcome = db_.attempt([&](soci::session& sql) -> Outcome {
    auto before = repo_.find(sql, id);
    if (!before) return Outcome::not_found();
    Page after = *before;
    validate(sql, in, after);
    save(sql, actor, *before, after, store::now_seconds(), "website.page.saved");
    return Outcome::success(id);
  });
  if (outcome.ok) changed();
  return outcome;
}

Outcome Service::remove(const Actor& actor, long long id) {
  auto outcome = db_.attempt([&](soci::session& sql) -> Outcome {
    auto page = repo_.find(sql, id);
    if (!page) return Outcome::not_found();
    if (repo_.count_children(sql, id) > 0) return Outcome::conflict("website.pages.errors.has_children");
    repo_.remove(sql, id);
    audit_.record(sql, actor, "website.page.deleted", subject(id), page->slug + " — " + page->title);
    return Outcome::success(id);
  });
  if (outcome.ok) changed();
  return outcome;
}

Outcome Service::set_cover(const Actor& actor, long long id, const std::string& bytes, const std::string& name) {
  if (!find(id)) return Outcome::not_found();
  if (bytes.empty()) return Outcome::failure("website.pages.errors.cover_missing", "cover");
  auto set = cover_renditions(bytes);
  if (!set.refusal.empty()) return Outcome::failure(set.refusal, "cover");
  return db_.attempt([&](soci::session& sql) -> Outcome {
    auto page = repo_.find(sql, id);
    if (!page) return Outcome::not_found();
    repo_.save_cover(sql, id, name, web::sha256_hex(bytes), set.renditions, store::now_seconds());
    const auto& widest = set.renditions.back();
    audit_.record(sql, actor, "website.page.cover", subject(id),
                  std::to_string(widest.width) + " × " + std::to_string(widest.height) + ", " +
                      std::to_string(set.renditions.size()) + " taille(s)");
    return Outcome::success(id);
  });
}

RevisionPage Service::revisions(long long id, int page) {
  RevisionPage out;
  db_.read([&](soci::session& sql) {
    out.total = repo_.count_revisions(sql, id);
    out.pages = std::max(1, static_cast<int>((out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.revisions(sql, id, kPerPage, static_cast<long long>(out.page - 1) * kPerPage);
  });
  return out;
}

std::optional<Revision> Service::revision(long long id, long long revision_id) {
  return db_.read([&](soci::session& sql) { return repo_.revision(sql, id, revision_id); });
}

Outcome Service::restore(const Actor& actor, long long id, long long revision_id) {
  auto outcome = db_.attempt([&](soci::session& sql) -> Outcome {
    auto before = repo_.find(sql, id);
    if (!before) return Outcome::not_found();
    auto r = repo_.revision(sql, id, revision_id);
    if (!r) return Outcome::not_found();
    Page after = *before;
    after.title = r->title;
    after.description = r->description;
    after.text = r->text;
    after.published = r->published;
    if (same_content(*before, after)) return Outcome::conflict("website.pages.errors.already_current");
    save(sql, actor, *before, after, store::now_seconds(), "website.page.restored");
    return Outcome::success(id);
  });
  if (outcome.ok) changed();
  return outcome;
}

// ---- The importer

ImportOutcome Service::import_page(const PageImport& in, const Actor& by) {
  auto batch = import_pages({in}, by);
  if (!batch.ok()) {
    ImportOutcome out;
    out.result = ImportOutcome::Result::refused;
    out.message = batch.refusal;
    return out;
  }
  return batch.pages.front();
}

ImportBatch Service::import_pages(const std::vector<PageImport>& batch, const Actor& by) {
  ImportBatch out;
  auto message = [&](const PageImport& in, const std::string& key, const std::string& detail = {}) {
    return t(key, {{"file", in.source}, {"cover", in.cover_name}, {"slug", in.slug}, {"detail", detail}});
  };
  // What can be checked without the database first, covers decoded outside the transaction.
  std::vector<CoverSet> covers(batch.size());
  std::vector<std::string> shas(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& in = batch[i];
    std::string key;
    if (!valid_slug(in.slug)) key = "website.pages.import.bad_slug";
    else if (in.title.empty() || characters(in.title) > kMaxTitle) key = "website.pages.import.bad_title";
    else if (in.text.size() > kMaxText) key = "website.pages.import.text_long";
    if (!key.empty()) {
      out.refusal = message(in, key);
      return out;
    }
    if (in.cover_bytes.empty()) continue;
    covers[i] = cover_renditions(in.cover_bytes);
    if (!covers[i].refusal.empty()) {
      out.refusal = message(in, "website.pages.import.bad_cover", t(covers[i].refusal));
      return out;
    }
    shas[i] = web::sha256_hex(in.cover_bytes);
  }
  std::size_t current = 0;
  try {
    db_.write([&](soci::session& sql) {
      const long long now = store::now_seconds();
      for (current = 0; current < batch.size(); ++current) {
        const auto& in = batch[current];
        auto existing = repo_.find_by_slug(sql, in.slug);
        // The page's fields as its form would send them, checked by the form's rules (parent by slug).
        PageInput form{in.title, in.slug, in.description, "", "", in.text, in.published, in.show_quotes};
        if (!in.parent.empty()) {
          auto parent = repo_.find_by_slug(sql, in.parent);
          if (!parent) refuse("website.pages.import.unknown_parent");
          form.parent = std::to_string(parent->id);
        }
        // Without Position a page keeps its place, and a new one goes after the last top page (the whole
        // outline is read only then).
        long long position = in.position ? *in.position : existing ? existing->position : 1;
        if (!in.position && !existing)
          for (const auto& other : repo_.outline(sql))
            if (!other.parent_id) position = std::max(position, other.position + 1);
        form.position = std::to_string(position);
        Page p;
        if (existing) p = *existing;
        validate(sql, form, p);
        p.source = in.source;
        ImportOutcome done;
        if (!existing) {
          p.updated_by = by.id;
          p.id = repo_.insert(sql, p, now);
          if (!covers[current].renditions.empty())
            repo_.save_cover(sql, p.id, in.cover_name, shas[current], covers[current].renditions, now);
          audit_.record(sql, by, "website.page.imported", subject(p.id), in.source);
          done.result = ImportOutcome::Result::created;
          done.page_id = p.id;
        } else {
          done.page_id = existing->id;
          const bool cover_same = in.cover_bytes.empty() || existing->cover_sha256 == shas[current];
          if (same_content(*existing, p) && existing->slug == p.slug && existing->parent_id == p.parent_id &&
              existing->position == p.position && existing->show_quotes == p.show_quotes &&
              existing->source == p.source && cover_same) {
            done.result = ImportOutcome::Result::unchanged;
          } else {
            save(sql, by, *existing, p, now, "website.page.imported");
            if (!cover_same)
              repo_.save_cover(sql, existing->id, in.cover_name, shas[current], covers[current].renditions, now);
            done.result = ImportOutcome::Result::updated;
          }
        }
        const std::string key = done.result == ImportOutcome::Result::created   ? "website.pages.import.created"
                                : done.result == ImportOutcome::Result::updated ? "website.pages.import.updated"
                                                                                : "website.pages.import.unchanged";
        done.message = message(in, key);
        out.pages.push_back(std::move(done));
      }
    });
  } catch (const Rollback& r) {
    // A page the form's rules refuse: the whole folder is refused, naming the file and the rule.
    const auto& in = batch[std::min(current, batch.size() - 1)];
    out.pages.clear();
    out.refusal = message(in, "website.pages.import.refused", t(r.outcome.error));
    return out;
  } catch (const std::exception& e) {
    out.pages.clear();
    out.refusal = message(batch[std::min(current, batch.size() - 1)], "website.pages.import.failed", e.what());
    return out;
  }
  if (std::any_of(out.pages.begin(), out.pages.end(),
                  [](const ImportOutcome& o) { return o.result != ImportOutcome::Result::unchanged; }))
    changed();
  return out;
}

ImportBatch Service::import_planned(const std::vector<flatfile::PlannedPage>& planned, const Actor& by) {
  std::vector<PageImport> batch;
  batch.reserve(planned.size());
  for (const auto& p : planned) {
    PageImport in;
    in.slug = p.slug;
    in.title = p.title;
    in.text = p.markdown;
    in.description = p.description;
    in.parent = p.parent;
    in.position = p.position;
    in.published = p.published;
    in.show_quotes = p.show_quotes;
    in.source = p.source;
    if (p.cover) {
      in.cover_bytes = p.cover->bytes;
      in.cover_name = p.cover->name;
    }
    batch.push_back(std::move(in));
  }
  return import_pages(batch, by);
}

void Service::load_demo(const Actor& actor, const std::string& folder) {
  const auto plan = flatfile::read_folder(folder);
  if (plan.ok() && !plan.pages.empty()) import_planned(plan.pages, actor);
}

}  // namespace trame::website::pages
