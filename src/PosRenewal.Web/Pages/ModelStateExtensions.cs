using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PosRenewal.Web.Pages;

public static class ModelStateExtensions
{
    /// <summary>Copies FluentValidation failures into ModelState (its MVC auto-validation is deprecated upstream).</summary>
    public static void AddErrors(this ModelStateDictionary modelState, ValidationResult result)
    {
        foreach (var failure in result.Errors)
        {
            modelState.AddModelError(failure.PropertyName, failure.ErrorMessage);
        }
    }
}
