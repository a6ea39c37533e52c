#include "platform/http/server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "platform/http/client_address.hpp"

#include <array>
#include <cstring>
#include <thread>
#include <vector>

namespace trame::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// 16 hex digits from libsodium's generator, drawn 4 KiB at a time per thread: one system call per 512
// requests instead of one per request (issue 22, session 18).
std::string new_request_id() {
  thread_local unsigned char pool[4096];
  thread_local std::size_t used = sizeof pool;
  if (used + 8 > sizeof pool) {
    randombytes_buf(pool, sizeof pool);
    used = 0;
  }
  unsigned char bytes[8];
  std::memcpy(bytes, pool + used, sizeof bytes);
  sodium_memzero(pool + used, sizeof bytes);
  used += sizeof bytes;
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

bool is_multipart(std::string_view content_type) {
  return content_type.size() >= 19 && beast::iequals(content_type.substr(0, 19), "multipart/form-data");
}

Request to_request(const bhttp::request<bhttp::string_body>& msg, const std::string& peer,
                   const TrustedProxies& proxies, bool secure) {
  Request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  req.secure = secure;
  for (const auto& field : msg) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto [it, inserted] = req.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + std::string(field.value());
  }
  std::string_view target = req.target;
  auto q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
  auto parsed = boost::urls::parse_origin_form(raw_path.empty() ? std::string_view("/") : raw_path);
  req.path = parsed ? std::string(parsed->path()) : std::string();
  req.body = msg.body();
  req.remote_ip = proxies.client(peer, req.header("forwarded"), req.header("x-forwarded-for"));
  std::string given_id = req.header("x-request-id");
  bool id_ok = !given_id.empty() && given_id.size() <= 64 &&
               std::all_of(given_id.begin(), given_id.end(),
                           [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
  req.request_id = id_ok ? given_id : new_request_id();
  return req;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  ErrorRenderer errors;
  asio::io_context ioc;
  asio::thread_pool workers;
  asio::thread_pool writers;
  tcp::acceptor acceptor{ioc};
  ServerStats stats;
  std::atomic<bool> stopping{false};
  TrustedProxies proxies;

  Impl(ServerOptions o, Handler h, ErrorRenderer e)
      : options(std::move(o)),
        handler(std::move(h)),
        errors(std::move(e)),
        ioc(options.io_threads),
        workers(static_cast<std::size_t>(options.workers)),
        writers(static_cast<std::size_t>(options.write_workers)),
        proxies(options.trusted_proxies) {
    stats.workers = options.workers + options.write_workers;
  }

  Response run_handler(Request& req) {
    try {
      return handler(req);
    } catch (const std::exception& ex) {
      spdlog::error("request {} {} {} failed: {}", req.request_id, log_escape(req.method, 16), req.log_target(),
                    log_escape(ex.what(), 2000));
      return errors(req, 500);
    }
  }

  // A response whose headers could split it or forge another header is never sent: it becomes a 500.
  void refuse_unsafe_headers(const Request& req, Response& res) {
    for (const auto& [name, value] : res.headers) {
      if (is_sendable_header(name, value)) continue;
      spdlog::error("request {} {} {}: header {} holds a control character, answer replaced by a 500", req.request_id,
                    log_escape(req.method, 16), req.log_target(), log_escape(name, 64));
      res = errors(req, 500);
      res.next_chunk = nullptr;
      std::erase_if(res.headers, [](const auto& h) { return !is_sendable_header(h.first, h.second); });
      return;
    }
  }

  asio::awaitable<Response> dispatch(Request& req) {
    if (static_cast<std::size_t>(stats.queued.load()) >= options.max_queue) co_return errors(req, 503);
    ++stats.queued;
    bool reads = req.method == "GET" || req.method == "HEAD";
    Response res = co_await asio::co_spawn(
        reads ? workers.get_executor() : writers.get_executor(),
        [this, &req]() -> asio::awaitable<Response> {
          --stats.queued;
          ++stats.busy_workers;
          Response r = run_handler(req);
          --stats.busy_workers;
          co_return r;
        },
        asio::use_awaitable);
    co_return res;
  }

  asio::awaitable<bool> write_streamed(beast::tcp_stream& stream, const Request& req, Response& res, bool keep_alive,
                                       unsigned version) {
    refuse_unsafe_headers(req, res);
    if (!res.next_chunk) {
      co_await write_response(stream, req, res, keep_alive, version);
      co_return keep_alive;
    }
    bhttp::response<bhttp::empty_body> head;
    head.version(version);
    head.result(static_cast<unsigned>(res.status));
    for (auto& [name, value] : res.headers) head.insert(name, value);
    head.set("X-Request-Id", req.request_id);
    head.keep_alive(keep_alive);
    head.chunked(true);
    stream.expires_after(options.body_timeout);
    bhttp::serializer<false, bhttp::empty_body> sr{head};
    auto [ec, n] = co_await bhttp::async_write_header(stream, sr, asio::as_tuple(asio::use_awaitable));
    if (ec || req.method == "HEAD") co_return !ec;
    for (;;) {
      // Producing a piece may read the database: it runs on the worker pool.
      std::optional<std::string> piece;
      bool failed = false;
      piece = co_await asio::co_spawn(
          workers,
          [&]() -> asio::awaitable<std::optional<std::string>> {
            try {
              co_return res.next_chunk();
            } catch (const std::exception& ex) {
              spdlog::error("request {}: streamed body failed: {}", req.request_id, ex.what());
              failed = true;
              co_return std::nullopt;
            }
          },
          asio::use_awaitable);
      // A failure mid-stream cannot change the status any more: the connection is closed
      // without the last chunk, so that the client sees an incomplete download.
      if (failed) co_return false;
      if (!piece) break;
      if (piece->empty()) continue;
      stream.expires_after(options.body_timeout);
      auto [wec, wn] = co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(*piece)),
                                                  asio::as_tuple(asio::use_awaitable));
      if (wec) co_return false;
    }
    auto [lec, ln] = co_await asio::async_write(stream, bhttp::make_chunk_last(), asio::as_tuple(asio::use_awaitable));
    co_return !lec;
  }

  // The head of a plain answer, written as Beast's serializer would write it (status line, the
  // response's headers in order, X-Request-Id, Connection, Content-Length), or "" when Beast must
  // (no body by rule, or a header Beast sets or merges itself). Issue 22, session 18: the serializer's
  // buffer views cost more than the head's text.
  static std::string plain_head(const Request& req, const Response& res, bool keep_alive, unsigned version) {
    const int status = res.status;
    if (req.method == "HEAD" || status < 200 || status == 204 || status == 304 || status > 999) return {};
    if (version != 10 && version != 11) return {};
    std::string head;
    head.reserve(1024);
    head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(status);
    head += ' ';
    auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
    head.append(reason.data(), reason.size());
    head += "\r\n";
    for (const auto& [name, value] : res.headers) {
      if (beast::iequals(name, "x-request-id") || beast::iequals(name, "connection") ||
          beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding"))
        return {};
      head += name;
      head += ": ";
      head += value;
      head += "\r\n";
    }
    head += "X-Request-Id: ";
    head += req.request_id;
    head += "\r\n";
    if (version == 11 && !keep_alive) head += "Connection: close\r\n";
    if (version == 10 && keep_alive) head += "Connection: keep-alive\r\n";
    head += "Content-Length: ";
    head += std::to_string(res.body.size());
    head += "\r\n\r\n";
    return head;
  }

  asio::awaitable<void> write_response(beast::tcp_stream& stream, const Request& req, Response& res, bool keep_alive,
                                       unsigned version) {
    refuse_unsafe_headers(req, res);
    if (std::string head = plain_head(req, res, keep_alive, version); !head.empty()) {
      stream.expires_after(options.body_timeout);
      std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(res.body)};
      co_await asio::async_write(stream, buffers, asio::as_tuple(asio::use_awaitable));
      co_return;
    }
    bhttp::response<bhttp::string_body> msg;
    msg.version(version);
    msg.result(static_cast<unsigned>(res.status));
    for (auto& [name, value] : res.headers) msg.insert(name, value);
    msg.set("X-Request-Id", req.request_id);
    msg.keep_alive(keep_alive);
    if (req.method == "HEAD") {
      msg.content_length(res.body.size());
    } else {
      msg.body() = std::move(res.body);
      msg.prepare_payload();
    }
    stream.expires_after(options.body_timeout);
    bhttp::serializer<false, bhttp::string_body> sr{msg};
    if (req.method == "HEAD") {
      co_await bhttp::async_write_header(stream, sr, asio::as_tuple(asio::use_awaitable));
    } else {
      co_await bhttp::async_write(stream, sr, asio::as_tuple(asio::use_awaitable));
    }
  }

  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::error_code ec;
    auto endpoint = stream.socket().remote_endpoint(ec);
    std::string remote_ip = ec ? std::string() : endpoint.address().to_string();
    beast::flat_buffer buffer;
    bool first = true;
    while (!stopping) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(32 * 1024);
      parser.body_limit(options.upload_body_limit);
      stream.expires_after(first ? options.header_timeout : options.keep_alive_timeout);
      first = false;
      auto [read_ec, n] =
          co_await bhttp::async_read_header(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      if (read_ec) {
        if (read_ec != bhttp::error::end_of_stream && read_ec != beast::error::timeout &&
            read_ec != asio::error::operation_aborted && read_ec != asio::error::connection_reset &&
            read_ec != asio::error::eof) {
          Request bad;
          bad.method = "GET";
          bad.remote_ip = remote_ip;
          bad.request_id = new_request_id();
          Response res = errors(bad, read_ec == bhttp::error::header_limit ? 413 : 400);
          co_await write_response(stream, bad, res, false, 11);
        }
        break;
      }
      // Counted from here: a shutdown waits (within its grace time) for a body still arriving.
      ++stats.in_flight;
      auto& header = parser.get();
      std::string content_type(header[bhttp::field::content_type]);
      std::size_t limit = is_multipart(content_type) ? options.upload_body_limit : options.form_body_limit;
      parser.body_limit(limit);
      bool too_large = parser.content_length() && *parser.content_length() > limit;
      // A request without a body (a GET) is complete with its header: no second read to set up.
      if (!too_large && !parser.is_done()) {
        stream.expires_after(options.body_timeout);
        auto [body_ec, m] = co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        if (body_ec == bhttp::error::body_limit) {
          too_large = true;
        } else if (body_ec) {
          --stats.in_flight;
          break;
        }
      }
      auto started = std::chrono::steady_clock::now();
      Request req = to_request(parser.get(), remote_ip, proxies, options.behind_https);
      Response res;
      bool keep_alive = parser.get().keep_alive() && !too_large;
      if (too_large) {
        res = errors(req, 413);
      } else if (req.path.empty()) {
        res = errors(req, 400);
      } else {
        res = co_await dispatch(req);
      }
      if (stopping) keep_alive = false;
      int status = res.status;
      if (res.next_chunk) {
        if (!co_await write_streamed(stream, req, res, keep_alive, parser.get().version())) keep_alive = false;
      } else {
        co_await write_response(stream, req, res, keep_alive, parser.get().version());
      }
      // Counted until written: the shutdown drain must not stop before the answer is sent.
      --stats.in_flight;
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      spdlog::info("{} {} {} {} {:.1f}ms id={}", req.remote_ip, log_escape(req.method, 16), req.log_target(), status,
                   ms, req.request_id);
      if (!keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::awaitable<void> accept_loop() {
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) break;
        continue;
      }
      auto executor = socket.get_executor();
      asio::co_spawn(executor, session(std::move(socket)), asio::detached);
    }
  }

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    spdlog::info("arrêt demandé : plus de nouvelle connexion, fin des requêtes en cours");
    beast::error_code ec;
    acceptor.close(ec);
    auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
    auto timer = std::make_shared<asio::steady_timer>(ioc);
    wait_for_drain(timer, deadline);
  }

  void wait_for_drain(const std::shared_ptr<asio::steady_timer>& timer,
                      std::chrono::steady_clock::time_point deadline) {
    if (stats.in_flight == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (auto n = stats.in_flight.load(); n != 0)
        spdlog::warn("arrêt : {} {}", n, n == 1 ? "requête interrompue" : "requêtes interrompues");
      ioc.stop();
      return;
    }
    timer->expires_after(std::chrono::milliseconds(20));
    timer->async_wait([this, timer, deadline](beast::error_code) { wait_for_drain(timer, deadline); });
  }
};

Server::Server(ServerOptions options, Handler handler, ErrorRenderer errors)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(errors))) {}

Server::~Server() {
  impl_->workers.join();
  impl_->writers.join();
}

unsigned short Server::listen() {
  auto& a = impl_->acceptor;
  tcp::endpoint endpoint(asio::ip::make_address(impl_->options.address), impl_->options.port);
  a.open(endpoint.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(endpoint);
  a.listen(asio::socket_base::max_listen_connections);
  return a.local_endpoint().port();
}

void Server::run() {
  asio::signal_set signals(impl_->ioc, SIGINT, SIGTERM);
  signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->begin_shutdown();
  });
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.io_threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  impl_->workers.join();
  impl_->writers.join();
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

const ServerStats& Server::stats() const {
  return impl_->stats;
}

}  // namespace trame::http
