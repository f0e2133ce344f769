Console.WriteLine("dcgan: under construction");
