pub struct ChartYear {
    pub label: String,
    pub plan: Option<f64>,
    pub actual: Option<f64>,
}
pub struct ChartSpec<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub unit: &'a str,
    pub years: Vec<ChartYear>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
}
pub fn render_svg(spec: &ChartSpec) -> String {
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{0}-title {0}-desc\"><title id=\"{0}-title\">t</title><desc id=\"{0}-desc\">{1}</desc></svg>", spec.id, spec.description)
}
pub fn format_number(v: f64) -> String {
    let s = format!("{v}");
    if s.contains('.') {
        s
    } else {
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
}
