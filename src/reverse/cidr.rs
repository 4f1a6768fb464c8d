//! The forward direction's spellings of `Fn::Cidr` whose host bits or block are known only at
//! deploy time, read back: the `newbits` text it writes (`convert::computed_newbits`) holds the
//! host bits, and a list of subnets with a computed size is a `for` over `range(count)`.

use super::{At, Reverser, x};
use crate::model::{Expr, ExprKind};
use crate::tf::Expression;
use hcl::expr::ForExpr;

/// Splits a marker out of the forward template so both directions share one text.
const HOST: &str = "\u{1}";

impl Reverser<'_> {
    /// The host bits in `newbits` when it is the forward direction's computed spelling for
    /// `block`; None for any other expression.
    pub(crate) fn computed_host_bits(&mut self, block: &Expression, newbits: &Expression, at: &At) -> Option<Expr> {
        let template = crate::convert::computed_newbits(&crate::emit::inline_text(block), HOST);
        let (head, tail) = template.split_once(HOST)?;
        let text = crate::emit::inline_text(newbits);
        let host = text.strip_prefix(head)?.strip_suffix(tail)?;
        let host = match host.parse::<Expression>().ok()? {
            Expression::Parenthesis(inner) => *inner,
            other => other,
        };
        Some(self.expr(&host, at))
    }

    /// `cidrsubnet(block, <computed newbits>, i)` = `Fn::Select [i, Fn::Cidr [block, i + 1, host]]`.
    pub(crate) fn computed_cidrsubnet(&mut self, args: &[Expression], at: &At) -> Option<Expr> {
        let Expression::Number(n) = &args[2] else { return None };
        let netnum = n.as_u64()?;
        let bits = self.computed_host_bits(&args[0], &args[1], at)?;
        let block = self.expr(&args[0], at);
        Some(x(ExprKind::Select {
            index: Box::new(x(ExprKind::Number(netnum.to_string()))),
            list: Box::new(cidr(block, x(ExprKind::Number((netnum + 1).to_string())), bits)),
        }))
    }

    /// `[for i in range(count) : cidrsubnet(block, <computed newbits>, i)]` = `Fn::Cidr [block,
    /// count, host]`; None for any other `for`.
    pub(crate) fn cidr_list(&mut self, f: &ForExpr, at: &At) -> Option<Expr> {
        if f.key_var.is_some() || f.key_expr.is_some() || f.cond_expr.is_some() {
            return None;
        }
        let (Expression::FuncCall(range), Expression::FuncCall(subnet)) = (&f.collection_expr, &f.value_expr) else {
            return None;
        };
        let plain = |c: &hcl::expr::FuncCall, name: &str, n: usize| {
            c.name.namespace.is_empty() && c.name.name.as_str() == name && c.args.len() == n && !c.expand_final
        };
        if !plain(range, "range", 1) || !plain(subnet, "cidrsubnet", 3) {
            return None;
        }
        let Expression::Variable(i) = &subnet.args[2] else {
            return None;
        };
        if i.as_str() != f.value_var.as_str() {
            return None;
        }
        let bits = self.computed_host_bits(&subnet.args[0], &subnet.args[1], at)?;
        let block = self.expr(&subnet.args[0], at);
        let count = self.expr(&range.args[0], at);
        Some(cidr(block, count, bits))
    }
}

fn cidr(block: Expr, count: Expr, bits: Expr) -> Expr {
    x(ExprKind::Cidr {
        block: Box::new(block),
        count: Box::new(count),
        bits: Box::new(bits),
    })
}
