// The public site's pages (/pages/{slug}; /admin/pages for site.edit holders): a tree of markdown pages,
// the published top pages forming the site's menu; a cover picture checked by its bytes and kept at a few
// widths; every save keeps the content it replaces as a revision, which can be compared (line diff) and
// restored. Writes are audited. The importer of the flat-file format calls import_page.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"
#include "website/flatfile/model.hpp"
#include "website/pages/model.hpp"
#include "website/pages/repository.hpp"
#include "website/pages/rules.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::website::pages {

// The quotes a page with show_quotes shows, by the page's slug (the quotes module, set at wiring).
using QuotesSource = std::function<std::vector<QuoteView>(const std::string& slug)>;

// A page of the flat-file format, as the importer read it.
struct PageImport {
  std::string slug, title, text;  // text: markdown
  std::string description;
  std::string parent;                 // the parent page's slug (earlier in the batch, or already there); '': none
  std::optional<long long> position;  // nullopt: a new page goes last, an existing one keeps its place
  bool published = true;
  bool show_quotes = false;
  std::string source;       // the file's name
  std::string cover_bytes;  // may be empty (no cover, or the picture file was not found)
  std::string cover_name;
};

struct ImportOutcome {
  enum class Result { created, updated, unchanged, refused };
  Result result = Result::unchanged;
  long long page_id = 0;
  std::string message;  // French: what was done, or why it was refused (naming the file and the cover)
  bool ok() const { return result != Result::refused; }
};

// What importing a folder did: every page, or (refusal not empty) none of them.
struct ImportBatch {
  std::string refusal;  // French, naming the file: nothing was imported
  std::vector<ImportOutcome> pages;
  bool ok() const { return refusal.empty(); }
};

// Everything /pages/{slug} shows.
struct PublicPage {
  Page page;
  std::vector<Link> breadcrumb;  // its ancestors, the top one first
  std::vector<Page> children;    // published ones (all of them for an editor)
  std::vector<Cover> covers;     // renditions' sizes, narrowest first
  std::vector<QuoteView> quotes;
  std::string html;  // the text rendered (safe)
};

struct ListPage {
  std::vector<Page> items;  // in tree order, with depth
  long long total = 0;
  int page = 1, pages = 1;
};

struct RevisionPage {
  std::vector<Revision> items;  // newest first
  long long total = 0;
  int page = 1, pages = 1;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, const web::Catalogue& catalogue)
      : db_(db), audit_(audit), catalogue_(catalogue) {}

  static constexpr int kPerPage = 30;
  static constexpr std::size_t kMaxCoverBytes = 10 * 1024 * 1024;
  static constexpr long long kMaxCoverPixels = 40'000'000;
  // The cover's widths (never enlarged: a narrower picture keeps its own width as the largest).
  static constexpr long long kCoverWidths[] = {480, 960, 1600};

  static bool may_edit(const Principal& me) { return me.can(perm::site_edit); }

  void set_quotes(QuotesSource source) { quotes_ = std::move(source); }
  // Called after each committed change of a page (the layout's menu cache is dropped).
  void on_changed(std::function<void()> listener) { changed_ = std::move(listener); }

  // ---- Public
  std::vector<Link> menu();
  // Every published page (slug, title, description, updated_at; without the text), for the sitemap.
  std::vector<Page> published();
  // nullopt: unknown, or unpublished for someone who is not an editor.
  std::optional<PublicPage> view(const std::string& slug, bool editor);
  // A rendition of a page's cover (the page visible under the same rule as view).
  std::optional<Cover> cover(const std::string& slug, long long width, bool editor);
  static std::string render(const std::string& markdown);

  // ---- Editing (site.edit)
  ListPage list(int page);
  // Every page in tree order, with its depth (the parent choices).
  std::vector<Page> outline();
  std::optional<Page> find(long long id);
  Outcome create(const Actor& actor, const PageInput& in);
  Outcome update(const Actor& actor, long long id, const PageInput& in);
  // Only a page without children.
  Outcome remove(const Actor& actor, long long id);
  // Not an image, too big, too many pixels: refused with the field « cover ».
  Outcome set_cover(const Actor& actor, long long id, const std::string& bytes, const std::string& name);
  RevisionPage revisions(long long id, int page);
  std::optional<Revision> revision(long long id, long long revision_id);
  // The revision's content becomes current (the content it replaces is kept as a revision).
  Outcome restore(const Actor& actor, long long id, long long revision_id);

  // ---- The importer: idempotent by slug (unchanged when the title, text, show_quotes, source and cover
  // are the same; an update keeps a revision), in one transaction; a cover that is not an image refuses
  // the whole page. A new page is published, at the end of the top pages.
  ImportOutcome import_page(const PageImport& p, const Actor& by);
  // A folder's pages in one transaction, in order (a parent before its children): all or none.
  ImportBatch import_pages(const std::vector<PageImport>& batch, const Actor& by);
  // The pages of a flat-file folder as `trame import pages` read them (website/flatfile), imported as above.
  ImportBatch import_planned(const std::vector<flatfile::PlannedPage>& planned, const Actor& by);
  // The demo's pages: the seed documents' two pages (data/pages, read as the command reads a folder).
  void load_demo(const Actor& actor, const std::string& folder);

 private:
  std::string t(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params = {}) const;
  // Checks the form into `p` (id set for an update); refuses with the field at fault.
  void validate(soci::session& sql, const PageInput& in, Page& p) const;
  // Keeps `before` as a revision when its content differs from `after`'s; audits the save.
  void save(soci::session& sql, const Actor& actor, const Page& before, Page& after, long long now,
            const std::string& action) const;
  void changed() const;
  store::Database& db_;
  audit::Service& audit_;
  const web::Catalogue& catalogue_;
  Repository repo_;
  QuotesSource quotes_;
  std::function<void()> changed_;
};

// The covers' renditions of a picture (a refused picture gives its problem's catalogue key in `refusal`).
struct CoverSet {
  std::string refusal;
  std::vector<Cover> renditions;
};
CoverSet cover_renditions(const std::string& bytes);

void register_routes(web::App& app, Service& service);

}  // namespace trame::website::pages
