#pragma once
// Result<T>: a value or an Error. Logic returns these; edges turn errors into wire errors.
//
//   core::Result<Profile> r = co_await store.Get(user);
//   if (!r) co_return r.error();
//   CONTRAIL_CO_TRY(auto profile, co_await store.Get(user));   // same, in one line

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.h"

namespace contrail::core {

template <typename T>
class [[nodiscard]] Result {
 public:
  // An error "no result": asio::co_spawn needs a default value for coroutines that threw.
  Result() : v_(std::in_place_index<1>, Error(Code::kInternal, "no result")) {}
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & {
    assert(ok() && "Result::value() on an error");
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok() && "Result::value() on an error");
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok() && "Result::value() on an error");
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const& {
    assert(!ok() && "Result::error() on a value");
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok() && "Result::error() on a value");
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_ && "Result::error() on success");
    return error_;
  }
  Error&& error() && {
    assert(!ok_ && "Result::error() on success");
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

// `result` with its error, if any, marked as coming from `backend` (see Error::backend).
template <typename T>
Result<T> FromBackend(Backend backend, Result<T> result) {
  if (result) return result;
  Error error = std::move(result).error();
  error.backend = backend;
  return error;
}
inline Error FromBackend(Backend backend, Error error) {
  error.backend = backend;
  return error;
}

}  // namespace contrail::core

#define CONTRAIL_CONCAT_INNER(a, b) a##b
#define CONTRAIL_CONCAT(a, b) CONTRAIL_CONCAT_INNER(a, b)

// Evaluates `expr` (a Result); on error returns it from the enclosing function, else binds the value.
#define CONTRAIL_TRY(decl, expr) \
  CONTRAIL_TRY_IMPL(CONTRAIL_CONCAT(contrail_try_, __LINE__), decl, expr, return)
// The same for coroutines.
#define CONTRAIL_CO_TRY(decl, expr) \
  CONTRAIL_TRY_IMPL(CONTRAIL_CONCAT(contrail_try_, __LINE__), decl, expr, co_return)
#define CONTRAIL_TRY_IMPL(tmp, decl, expr, ret) \
  auto tmp = (expr);                            \
  if (!tmp) ret std::move(tmp).error();         \
  decl = std::move(tmp).value()

// Evaluates `expr` (a Status); on error returns it from the enclosing function.
#define CONTRAIL_TRY_STATUS(expr)                                              \
  do {                                                                         \
    if (auto contrail_status_ = (expr); !contrail_status_) {                   \
      return std::move(contrail_status_).error();                              \
    }                                                                          \
  } while (0)

// Evaluates `expr` (a Status) in a coroutine; on error co_returns it.
#define CONTRAIL_CO_TRY_STATUS(expr)                                           \
  do {                                                                         \
    if (auto contrail_status_ = (expr); !contrail_status_) {                   \
      co_return std::move(contrail_status_).error();                           \
    }                                                                          \
  } while (0)
