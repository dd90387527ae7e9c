//! What the page says when the browser's Back leaves a step: the question before leaving a flow
//! whose token step is done, and the notices after going back.

/// The question's title (the dialog's name).
pub const LEAVE_TITLE: &str = "お手続きを中止しますか？";
/// What leaving loses.
pub const LEAVE_TEXT: &str = "前の画面に戻ると、このお手続きは中止となり、利用者認証からやり直しになります。お手続きを続ける場合は「続ける」を押して、確認用パスワードを入力してください。";
/// Leaves the flow.
pub const LEAVE_YES: &str = "中止する";
/// Stays on the step.
pub const LEAVE_NO: &str = "続ける";
/// After Back from the token step to 利用者認証.
pub const BACK_TO_AUTH: &str =
    "前の画面に戻りました。お手続きを続けるには、もう一度ログインパスワードを入力してください。";
/// After 中止する.
pub const FLOW_LEFT: &str = "お手続きを中止しました。もう一度お手続きをされる場合は、ログインパスワードを入力してください。";
