//! The one API error table: every error a client can see, with its stable snake_case code and status.
//!
//! Validation errors are 4xx and say what was wrong; anything unexpected is `internal` (500) and is logged
//! in full here, while the client gets a fixed message that leaks nothing about the store or the host.

use crate::Error;
use crate::api::dto::{ErrorBodyDto, ErrorDto};
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug)]
pub enum ApiError {
    /// No such story, article or route.
    NotFound(String),
    /// A query parameter that cannot be used as given (`limit=abc`, `limit=0`).
    InvalidParameter {
        name: String,
        reason: String,
    },
    MethodNotAllowed,
    /// A part that can be missing without harm to the rest (the search index) is not there now.
    Unavailable(String),
    /// Anything else: a store or template failure.
    Internal(Error),
}

impl ApiError {
    /// The error table: (code, status) per error kind. Codes are part of the API; never rename one.
    pub fn code_and_status(&self) -> (&'static str, StatusCode) {
        match self {
            ApiError::NotFound(_) => ("not_found", StatusCode::NOT_FOUND),
            ApiError::InvalidParameter { .. } => ("invalid_parameter", StatusCode::BAD_REQUEST),
            ApiError::MethodNotAllowed => ("method_not_allowed", StatusCode::METHOD_NOT_ALLOWED),
            ApiError::Unavailable(_) => ("unavailable", StatusCode::SERVICE_UNAVAILABLE),
            ApiError::Internal(_) => ("internal", StatusCode::INTERNAL_SERVER_ERROR),
        }
    }

    pub fn message(&self) -> String {
        match self {
            ApiError::NotFound(what) => format!("{what} not found"),
            ApiError::InvalidParameter { name, reason } => format!("invalid parameter `{name}`: {reason}"),
            ApiError::MethodNotAllowed => "method not allowed on this route".into(),
            ApiError::Unavailable(what) => format!("{what} is unavailable right now"),
            ApiError::Internal(_) => "internal server error".into(),
        }
    }

    pub fn invalid(name: &str, reason: impl Into<String>) -> Self {
        ApiError::InvalidParameter { name: name.to_string(), reason: reason.into() }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        ApiError::Internal(error)
    }
}

impl From<newsdesk_store::Error> for ApiError {
    fn from(error: newsdesk_store::Error) -> Self {
        ApiError::Internal(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(error) = &self {
            tracing::error!(error = %error, "API request failed");
        }
        let (code, status) = self.code_and_status();
        let body = ErrorDto { error: ErrorBodyDto { code, message: self.message() } };
        (status, Json(body)).into_response()
    }
}
